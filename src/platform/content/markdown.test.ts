import { describe, expect, it } from 'vitest';
import { isSafeHref, markdownToText, renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders the allowed Markdown: headings (never above the page title), lists, emphasis, code, tables, quotes, links', () => {
    const html = renderMarkdown(
      '# Title\n\n*em* **strong** `code`\n\n- a\n- b\n\n> quote\n\n| x | y |\n|---|--:|\n| 1 | 2 |\n\n[ILO](https://www.ilo.org "ILO") [mail](mailto:info@example.org) [help](/en/help)',
    );
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<em>em</em> <strong>strong</strong> <code>code</code>');
    expect(html).toMatch(/<ul>\s*<li>a<\/li>/);
    expect(html).toMatch(/<blockquote>\s*<p>quote<\/p>/);
    expect(html).toContain('<th align="right">y</th>');
    expect(html).toContain(
      '<a title="ILO" href="https://www.ilo.org" rel="noopener noreferrer nofollow">ILO</a>',
    );
    expect(html).toContain('href="mailto:info@example.org"');
    expect(html).toContain('href="/en/help"');
    expect(renderMarkdown('## Part\n\n### Sub')).toBe('<h2>Part</h2>\n<h3>Sub</h3>\n');
    expect(renderMarkdown('# Title', { minHeadingLevel: 1 })).toBe('<h1>Title</h1>\n');
    expect(renderMarkdown('# A\n\n## B\n\n#### C', { minHeadingLevel: 3 })).toBe(
      '<h3>A</h3>\n<h3>B</h3>\n<h4>C</h4>\n',
    );
  });

  it.each([
    ['a script tag', 'Hello <script>alert(1)</script> world', /<script|alert\(1\)/i],
    ['a script inside svg', '<svg><script>alert(1)</script></svg>', /<svg|<script|alert/i],
    ['an onerror handler on an image', '<img src=x onerror="alert(1)">', /<img|onerror/i],
    [
      'an onclick handler on an allowed tag',
      '<p onclick="steal()">hi</p><a href="https://ok.example" onmouseover="x()">ok</a>',
      /onclick|onmouseover|steal|x\(\)/,
    ],
    [
      'a style attribute and style element',
      '<p style="position:fixed">x</p><style>body{display:none}</style>',
      /style|display:none/,
    ],
    ['an iframe', '<iframe src="https://evil.example"></iframe>', /iframe|evil/],
    ['a form', '<form action="https://evil.example"><input name="p"></form>', /<form|<input/],
    ['a javascript: Markdown link', '[click](javascript:alert(1))', /javascript|href/i],
    ['a mixed-case javascript: link', '[click](JaVaScRiPt:alert(1))', /javascript|href/i],
    ['an entity-encoded javascript: link', '[click](jav&#x61;script:alert(1))', /script|href/i],
    ['a javascript: link in raw HTML', '<a href="javascript:alert(1)">click</a>', /javascript|href/i],
    ['a tab inside the scheme', '<a href="java\tscript:alert(1)">click</a>', /script:|href/i],
    ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD4=)', /data:|href/],
    ['a vbscript: link', '[x](vbscript:msgbox(1))', /vbscript|href/],
    ['a protocol-relative link', '[x](//evil.example/)', /evil|href/],
  ])('strips %s', (_name, input, forbidden) => {
    const html = renderMarkdown(input);
    expect(html).not.toMatch(forbidden);
  });

  it('keeps the text of a refused link', () => {
    expect(renderMarkdown('[click here](javascript:alert(1))')).toBe('<p>click here</p>\n');
  });

  it('escapes HTML in code', () => {
    expect(renderMarkdown('```\n<script>alert(1)</script>\n```')).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });

  it('answers empty input with an empty string', () => {
    expect(renderMarkdown('')).toBe('');
    expect(renderMarkdown(null)).toBe('');
  });
});

describe('isSafeHref', () => {
  it.each([
    ['https://www.oas.org', true],
    ['http://example.org/a?b=c', true],
    ['mailto:someone@example.org', true],
    ['/es/help', true],
    ['#section', true],
    ['chapter-2', true],
    ['javascript:alert(1)', false],
    [' javascript:alert(1)', false],
    ['java\nscript:alert(1)', false],
    ['jav&#97;script:alert(1)', false],
    ['//evil.example', false],
    ['data:text/html,x', false],
  ])('%j → %s', (href, safe) => {
    expect(isSafeHref(href)).toBe(safe);
  });
});

describe('markdownToText', () => {
  it('gives plain text without markup or scripts, cut at a word', () => {
    expect(markdownToText('# Hi & bye\n\nSome **bold** <script>x()</script>text')).toBe(
      'Hi & bye. Some bold text',
    );
    expect(markdownToText('one two three four five six', 14)).toBe('one two three…');
  });

  it('keeps headings and list items apart as sentences', () => {
    expect(
      markdownToText(
        '## Agenda\n\n- Welcome\n- Questionnaires of Uruguay and Chile\n- Next steps\n\nMinutes follow.',
      ),
    ).toBe('Agenda. Welcome; Questionnaires of Uruguay and Chile; Next steps. Minutes follow.');
    expect(markdownToText('1. Done.\n2. Asked?\n   - nested item\n3. Last')).toBe(
      'Done. Asked? nested item. Last.',
    );
  });
});
