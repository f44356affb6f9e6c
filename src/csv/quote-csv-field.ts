/** Quotes a CSV field when it holds a comma, a double quote, CR or LF; inner quotes are doubled (RFC 4180). */
export function quoteCsvField(value: string): string {
  return needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const needsQuotes = /[",\r\n]/;
