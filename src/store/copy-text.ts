/** Column types the COPY encoder knows. */
export type CopyType = 'text' | 'uuid' | 'boolean' | 'integer' | 'text[]' | 'uuid[]' | 'json';

/**
 * Encodes rows in PostgreSQL's COPY text format: tab-separated, `\N` for NULL, and backslash
 * escapes for backslash, tab, newline and carriage return. Arrays become array literals with
 * every element quoted; json is its JSON text.
 */
export function encodeCopyRows(types: readonly CopyType[], rows: readonly (readonly unknown[])[]): string {
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < types.length; i++) {
      if (i > 0) text += '\t';
      text += encodeCopyValue(row[i], types[i] as CopyType);
    }
    text += '\n';
  }
  return text;
}

function encodeCopyValue(value: unknown, type: CopyType): string {
  if (value === null || value === undefined) return '\\N';
  switch (type) {
    case 'boolean':
      return value ? 't' : 'f';
    case 'integer':
      return String(value);
    case 'uuid':
      return value as string;
    case 'text[]':
    case 'uuid[]':
      return escapeCopy(arrayLiteral(value as readonly string[]));
    case 'json':
      return escapeCopy(JSON.stringify(value));
    default:
      return escapeCopy(value as string);
  }
}

const needsEscape = /[\\\t\n\r]/;

function escapeCopy(text: string): string {
  if (!needsEscape.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
