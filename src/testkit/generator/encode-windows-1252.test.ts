import { describe, expect, it } from 'vitest';
import { encodeWindows1252 } from './encode-windows-1252.ts';

describe('encodeWindows1252', () => {
  it('writes Latin letters and the 0x80–0x9F punctuation as single bytes', () => {
    expect([...encodeWindows1252('José Zoë O’Brien €')]).toEqual([
      ...Buffer.from('Jos'),
      0xe9,
      0x20,
      ...Buffer.from('Zo'),
      0xeb,
      0x20,
      0x4f,
      0x92,
      ...Buffer.from('Brien '),
      0x80,
    ]);
    expect(new TextDecoder('windows-1252').decode(encodeWindows1252('Müller, Søren, Dvořák'))).toBe(
      'Müller, Søren, Dvorák',
    );
  });

  it('drops accents the code page lacks and turns the rest into "?"', () => {
    expect(encodeWindows1252('Nguyễn Łukasz Đặng').toString('latin1')).toBe('Nguyen Lukasz Dang');
    expect(encodeWindows1252('李').toString('latin1')).toBe('?');
  });
});
