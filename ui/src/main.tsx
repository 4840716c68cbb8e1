import { render } from 'preact';
import 'diff2html/bundles/css/diff2html.min.css';
import './style.css';
import { App } from './app';

render(<App />, document.getElementById('app')!);
