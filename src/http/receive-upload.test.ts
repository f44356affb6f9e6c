import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { receiveUpload } from './receive-upload.ts';

describe('receiveUpload', () => {
  it('streams a body to a temporary file that remove() deletes', async () => {
    const upload = await receiveUpload(Readable.from([Buffer.from('PK'), Buffer.from('rest')]));
    expect(upload.bytes).toBe(6);
    expect(readFileSync(upload.path, 'utf8')).toBe('PKrest');
    await upload.remove();
    expect(existsSync(path.dirname(upload.path))).toBe(false);
  });

  it('stops at the limit with BODY_TOO_LARGE and leaves no file', async () => {
    const chunks = [Buffer.alloc(600), Buffer.alloc(600)];
    await expect(receiveUpload(Readable.from(chunks), 1000)).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
    });
  });
});
