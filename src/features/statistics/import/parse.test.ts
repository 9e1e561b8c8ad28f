import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readSheet, simpleCsv } from './parse.ts';

const ILOSTAT_DIR = '/work/shared/data/ilostat';

const full = (text: string, delimiter: string) =>
  parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];

describe('reading CSV uploads', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a,b,c\r\n1,2,3\r\n4,5\r\n', ','],
    ['a;b;c\n 1 ; 2;3 \n\n7;8;9', ';'],
    ['a\tb\n1\t2\n', '\t'],
    ['a,b\n,\n,x\n\n\n', ','],
    ['only,a,header', ','],
    ['', ','],
  ])('splits quote-free text as the full parser does: %j', (text, delimiter) => {
    expect(simpleCsv(text, delimiter)).toEqual(full(text, delimiter));
  });

  it('leaves quoted fields and bare carriage returns to the full parser', async () => {
    expect(simpleCsv('a,b\n"1,5",2\n', ',')).toBeNull();
    expect(simpleCsv('a,b\r1,2\r', ',')).toBeNull();
    const sheet = await readSheet(Buffer.from('indicator,value\n"UNE_RT","1,5"\n'));
    expect(sheet.rows).toEqual([['UNE_RT', '1,5']]);
  });

  it.each(['EMP_NIFL_SEX_RT_A.csv', 'EAP_2WAP_SEX_AGE_RT_A.csv', 'EAP_2EAP_SEX_AGE_NB_A.csv'])(
    'reads the ILOSTAT file %s as the full parser does',
    async (file) => {
      const buf = fs.readFileSync(path.join(ILOSTAT_DIR, file));
      const records = full(buf.toString('utf8'), ',');
      const sheet = await readSheet(buf);
      expect(sheet.header).toEqual(records[0]);
      expect(sheet.rows).toEqual(records.slice(1));
    },
  );
});
