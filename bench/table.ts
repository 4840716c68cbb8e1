/** Prints a markdown table on stdout, as every benchmark reports its figures. */
export function printTable(header: string[], rows: string[][]): void {
  console.log(`| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |`);
  // A cell's own `|` (code such as `a || b`) would end it.
  for (const row of rows) console.log(`| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
}
