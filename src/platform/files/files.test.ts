import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { extractText } from './extract.ts';
import {
  corruptPdf,
  docxWithText,
  docxZipBomb,
  encryptedPdf,
  odtWithText,
  pdfWithText,
  pptxWithText,
  windowsExecutable,
} from './fixtures.ts';
import { attachmentDisposition, safeFileName } from './kinds.ts';
import { sniffFile } from './sniff.ts';
import { LocalFileStore } from './store.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/data/corpus');

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Desempleo');
  ws.addRow(['País', 'Tasa']);
  ws.addRow(['Uruguay', 7.2]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('file type by content', () => {
  it('recognises every accepted type by its bytes, whatever the name', async () => {
    expect(sniffFile(pdfWithText('x'))).toMatchObject({ ok: true, kind: 'pdf' });
    expect(sniffFile(docxWithText('x'))).toMatchObject({ ok: true, kind: 'docx' });
    expect(sniffFile(await xlsx())).toMatchObject({ ok: true, kind: 'xlsx' });
    expect(sniffFile(pptxWithText(['x']))).toMatchObject({ ok: true, kind: 'pptx' });
    expect(sniffFile(odtWithText(['x']))).toMatchObject({ ok: true, kind: 'odt' });
    expect(sniffFile(Buffer.from('Informe anual\r\nañadido'))).toMatchObject({ ok: true, kind: 'txt' });
    expect(sniffFile(Buffer.from('<!DOCTYPE html><html><body>x</body></html>'))).toMatchObject({
      ok: true,
      kind: 'html',
    });
  });

  it('refuses executables, arbitrary archives, binaries and empty files', () => {
    expect(sniffFile(windowsExecutable())).toEqual({ ok: false, reason: 'unknown' });
    expect(sniffFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(sniffFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(sniffFile(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty' });
  });

  it('makes download names safe and keeps the real extension', () => {
    expect(safeFileName('../../etc/Informe anual "2024"; rm -rf.pdf', 'pdf')).toBe(
      'Informe-anual-2024-rm-rf.pdf',
    );
    expect(safeFileName('Código del Trabajo.exe', 'docx')).toBe('Codigo-del-Trabajo.docx');
    const header = attachmentDisposition('Código\r\n"x".pdf', 'pdf');
    expect(header).toMatch(/^attachment; filename="Codigo-x\.pdf"; filename\*=UTF-8''/);
    expect(header).not.toMatch(/[\r\n]/);
  });
});

describe('local file store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-files-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores by SHA-256 through a temporary file, once per content', async () => {
    const store = new LocalFileStore(dir);
    const staged = await store.stage(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(staged.sha256).toBe('b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9');
    expect(fs.existsSync(staged.tempPath)).toBe(true);
    const blob = await store.commit(staged);
    expect(fs.existsSync(staged.tempPath)).toBe(false);
    expect((await store.read(blob.sha256)).toString()).toBe('hello world');
    const again = await store.put(Buffer.from('hello world'));
    expect(again.sha256).toBe(blob.sha256);
    expect(fs.readdirSync(path.join(dir, 'b9', '4d'))).toEqual([blob.sha256]);
    expect(() => store.open('../../etc/passwd')).toThrow();
  });
});

describe('text extraction', () => {
  it('reads the Mexican Federal Labour Law (331 pages) from its PDF', async () => {
    const data = fs.readFileSync(path.join(CORPUS, 'es/ley-federal-del-trabajo.pdf'));
    const out = await extractText(data, 'ley-federal-del-trabajo.pdf');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.text).toContain('LEY FEDERAL DEL TRABAJO');
    expect(out.text).toContain('Última Reforma DOF 27-12-2022');
    expect(out.text.length).toBeGreaterThan(500_000);
  }, 300_000);

  it('reads Markdown laws as text, with mixed line endings normalised', async () => {
    const data = fs.readFileSync(path.join(CORPUS, 'es/LEY-27735-2002.md'));
    const out = await extractText(data, 'LEY-27735-2002.md');
    expect(out.ok && out.text).toContain('gratificaciones');
    expect(out.ok && out.text.includes('\r')).toBe(false);
  });

  it('reads DOCX, XLSX, PPTX, ODT and HTML', async () => {
    expect(await extractText(docxWithText('Formación dual\nSegundo párrafo'), 'a.docx')).toMatchObject({
      ok: true,
      text: 'Formación dual\n\nSegundo párrafo',
    });
    const sheet = await extractText(await xlsx(), 'a.xlsx');
    expect(sheet.ok && sheet.text).toContain('Uruguay');
    expect(sheet.ok && sheet.text).toContain('7.2');
    const slides = await extractText(pptxWithText(['Primera lámina', 'Second slide']), 'a.pptx');
    expect(slides).toMatchObject({ ok: true, text: 'Primera lámina\n\nSecond slide' });
    expect(await extractText(odtWithText(['Bourses de travail', 'Deuxième']), 'a.odt')).toMatchObject({
      ok: true,
      text: 'Bourses de travail\nDeuxième',
    });
    const html = await extractText(
      Buffer.from(
        '<html><head><script>alert(1)</script></head><body><h1>Servi&ccedil;os</h1><p>de emprego &amp; renda</p></body></html>',
      ),
      'a.html',
    );
    expect(html).toMatchObject({ ok: true, text: 'Serviços\n\nde emprego & renda' });
  });

  it.each([
    ['a corrupt PDF', () => corruptPdf(), 'x.pdf', 'corrupt'],
    ['an encrypted PDF', () => encryptedPdf(), 'x.pdf', 'encrypted'],
    ['a DOCX zip bomb', () => docxZipBomb(64), 'x.docx', 'zipBomb'],
    ['a file whose extension lies', () => pdfWithText('hello'), 'cuadro.xlsx', 'mismatch'],
    ['an empty file', () => Buffer.alloc(0), 'x.txt', 'empty'],
  ])('refuses %s with a clear reason', async (_label, make, name, code) => {
    const out = await extractText(make(), name);
    expect(out).toMatchObject({ ok: false, code });
  });

  it('stops an extraction that runs past its time limit', async () => {
    const data = fs.readFileSync(path.join(CORPUS, 'es/ley-federal-del-trabajo.pdf'));
    const out = await extractText(data, 'ley.pdf', { timeoutMs: 300 });
    expect(out).toMatchObject({ ok: false, code: 'timeout' });
    // …and the next one still works.
    expect(await extractText(pdfWithText('Still working'), 'ok.pdf')).toMatchObject({
      ok: true,
      text: 'Still working',
    });
  });

  it('cuts very long text at the limit', async () => {
    const out = await extractText(Buffer.from('palabra '.repeat(1000)), 'a.txt', {
      limits: { maxChars: 100 },
    });
    expect(out).toMatchObject({ ok: true, truncated: true });
    expect(out.ok && out.text.length).toBe(100);
  });
});
