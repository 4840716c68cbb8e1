import { parseFile } from './parse-file';
import { SourceParser, type SourceLanguage } from './source-parser';

/** One file to parse, sent by ParsePool. */
export interface ParseRequest {
  id: number;
  file: string;
  text: string;
  language: SourceLanguage;
}

const parser = new SourceParser();
process.on('message', (request: ParseRequest) => {
  try {
    process.send?.({
      id: request.id,
      parsed: parseFile(parser, request.file, request.text, request.language),
    });
  } catch (error) {
    process.send?.({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
process.on('disconnect', () => process.exit(0));
