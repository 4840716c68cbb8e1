/** A table cell: no pipe or newline may break the row. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Dollars, with four decimals for amounts under a cent. */
export function formatUsd(value: number): string {
  return `$${value.toFixed(value < 0.01 && value > 0 ? 4 : 2)}`;
}

/** Code in a table cell, cut to a readable length. */
export function codeCell(text: string, max = 60): string {
  const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return `\`${cell(short).replace(/`/g, "'")}\``;
}
