/** One line of an invoice: what was sold, at what unit price (in cents), how many. */
export interface InvoiceLine {
  sku: string;
  unitPrice: number;
  quantity: number;
}

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/**
 * A price in dollars as the invoice prints it.
 * @example
 * formatPrice(1234.5) // => '$1,234.50'
 */
export function formatPrice(dollars: number): string {
  return USD.format(dollars);
}

/**
 * What the lines of an invoice come to, in cents. A line with a negative quantity is an error.
 * @example
 * subtotal([{ sku: 'a', unitPrice: 250, quantity: 2 }]) // => 500
 */
export function subtotal(lines: InvoiceLine[]): number {
  return lines.reduce((sum, line) => {
    if (line.quantity < 0) throw new RangeError(`${line.sku}: negative quantity`);
    return sum + line.unitPrice * line.quantity;
  }, 0);
}
