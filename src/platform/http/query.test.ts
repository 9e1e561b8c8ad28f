import { describe, expect, it } from 'vitest';
import { FieldErrors } from './errors.ts';
import { allowedParam, pageCount, pageParam, queryString } from './query.ts';

describe('list queries', () => {
  it('reads ?page= as a page from 1 to 99,999, and anything else as the first page', () => {
    expect(pageParam({ page: '3' })).toBe(3);
    expect(pageParam({ page: '99999' })).toBe(99_999);
    for (const page of ['0', '100000', '-2', '2.5', 'abc', '', undefined])
      expect(pageParam({ page })).toBe(1);
    expect(pageParam(undefined)).toBe(1);
  });

  it('counts at least one page', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
  });

  it('keeps the filters that are set, in order, and nothing when none is', () => {
    expect(queryString({ status: 'active', theme: null, country: 'URY' })).toBe('?status=active&country=URY');
    expect(queryString({ q: 'a b&c' })).toBe('?q=a+b%26c');
    expect(queryString({ status: null, theme: undefined, country: '' })).toBe('');
  });

  it('accepts only the notices it knows', () => {
    const notices = new Set(['saved']);
    expect(allowedParam({ notice: 'saved' }, 'notice', notices)).toBe('saved');
    expect(allowedParam({ notice: 'evil' }, 'notice', notices)).toBeNull();
    expect(allowedParam({ notice: ['saved'] }, 'notice', notices)).toBeNull();
  });
});

describe('field checks', () => {
  it('reports long translations language by language, each language’s fields in turn', () => {
    const errors = new FieldErrors();
    errors.maxLengths('x.tooLong', [
      { name: 'title', values: { en: 'abcd', fr: 'abcd', es: 'ab' }, max: 3 },
      { name: 'body', values: { en: 'abcdef', pt: 'abcdef' }, max: 5 },
    ]);
    expect(errors.list.map((e) => e.field)).toEqual(['title_en', 'body_en', 'title_fr', 'body_pt']);
    expect(errors.list[1]).toEqual({ field: 'body_en', key: 'x.tooLong', values: { max: 5 } });
  });

  it('trims a required text and reports it missing or too long, once', () => {
    const keys = { required: 'x.required', tooLong: 'x.tooLong' };
    const errors = new FieldErrors();
    expect(errors.requiredText('body', '  hello  ', 5, keys)).toBe('hello');
    expect(errors.has()).toBe(false);
    errors.requiredText('body', '   ', 5, keys);
    errors.requiredText('title', 'too long', 5, keys);
    expect(errors.list).toEqual([
      { field: 'body', key: 'x.required', values: undefined },
      { field: 'title', key: 'x.tooLong', values: { max: 5 } },
    ]);
  });
});
