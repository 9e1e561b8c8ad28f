import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * The one place where Markdown written by people becomes HTML. Every feature that shows user
 * Markdown (pages, news, documents, consultations…) calls `renderMarkdown`, so the allow-list
 * below is the whole story of what may reach a page.
 *
 * Markdown is converted with `marked` (GitHub-flavoured: tables, strikethrough, autolinks),
 * then `sanitize-html` keeps only structural tags. Raw HTML in the source is not trusted: tags
 * outside the list are dropped (script, style, iframe, object… with their content), every
 * attribute outside the list is dropped (so no `on…` event handlers, no `style`), and links keep
 * only http, https and mailto URLs or site-relative paths. Images are not allowed: the
 * Content-Security-Policy would block outside images anyway, and they cost readers on slow
 * connections.
 */

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // A link to anything but a safe URL becomes its plain text.
    link(token) {
      if (!isSafeHref(token.href)) return this.parser.parseInline(token.tokens);
      return false;
    },
  },
});

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

const ALLOWED_TAGS = [
  ...HEADINGS,
  'p',
  'br',
  'hr',
  'ul',
  'ol',
  'li',
  'a',
  'em',
  'strong',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'abbr',
  'sub',
  'sup',
];

export interface MarkdownOptions {
  /**
   * The highest heading level the text may use, so that a `#` in the text never competes with
   * the page's own `<h1>`: higher headings are lowered to it. Default 2 (`#` and `##` → `<h2>`,
   * `###` → `<h3>`); use 1 where the Markdown is the whole page.
   */
  minHeadingLevel?: number;
}

function sanitizeOptions(minLevel: number): sanitizeHtml.IOptions {
  const transformTags: Record<string, string | sanitizeHtml.Transformer> = {
    // Raw-HTML links to anything but a safe URL lose their target (Markdown links are already
    // reduced to their text by the renderer above).
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      return {
        tagName,
        attribs: {
          ...rest,
          ...(href !== undefined && isSafeHref(href) ? { href } : {}),
          rel: 'noopener noreferrer nofollow',
        },
      };
    },
  };
  for (let level = 1; level < minLevel; level++) transformTags[`h${level}`] = `h${minLevel}`;
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      abbr: ['title'],
      th: ['align', 'scope'],
      td: ['align'],
      ol: ['start'],
      code: ['class'],
    },
    allowedClasses: { code: ['language-*'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Dropped together with everything inside them, not just unwrapped.
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'title',
      'iframe',
      'object',
      'template',
    ],
    transformTags,
  };
}

/**
 * http, https and mailto URLs, or a path on this site (`/en/help`, `#part`, `chapter-2`). Browsers
 * ignore control characters and spaces inside a scheme (`java\tscript:`), so those are removed
 * before looking; a protocol-relative `//host` is refused.
 */
export function isSafeHref(href: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them
  const h = decodeEntities(href).replace(/[\u0000-\u0020\u007f]/g, '');
  if (/^(https?:\/\/|mailto:)/i.test(h)) return true;
  if (h.startsWith('//') || h.startsWith('\\') || h.startsWith('/\\')) return false;
  const firstDelimiter = h.search(/[/?#]/);
  const scheme = h.indexOf(':');
  return scheme === -1 || (firstDelimiter !== -1 && firstDelimiter < scheme);
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16) % 0x110000),
    )
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec) % 0x110000))
    .replace(/&colon;/gi, ':')
    .replace(/&(tab|newline);/gi, ' ');
}

const cache = new Map<number, sanitizeHtml.IOptions>();

/** Safe HTML for Markdown written by a user. */
export function renderMarkdown(md: string | null | undefined, options: MarkdownOptions = {}): string {
  if (!md) return '';
  const level = Math.max(1, Math.min(6, options.minHeadingLevel ?? 2));
  let opts = cache.get(level);
  if (!opts) {
    opts = sanitizeOptions(level);
    cache.set(level, opts);
  }
  const html = marked.parse(md.replace(/\r\n?/g, '\n')) as string;
  return sanitizeHtml(html, opts);
}

/**
 * Plain text of some Markdown (for feed summaries, search snippets, meta descriptions),
 * whitespace collapsed and cut at a word boundary near `maxLength` characters.
 */
export function markdownToText(md: string | null | undefined, maxLength = 0): string {
  if (!md) return '';
  const html = (marked.parse(md.replace(/\r\n?/g, '\n')) as string)
    // Headings and list items read as sentences once the layout is gone: "Agenda. Welcome;
    // Presentation; Next steps." rather than one run of words.
    .replace(/([^.!?:;,>\s])(\s*<\/h[1-6]>)/g, '$1.$2')
    .replace(/([^.!?:;,>\s])(\s*<\/li>\s*<\/(?:ul|ol)>)/g, '$1.$2')
    .replace(/([^.!?:;,>\s])(\s*<\/li>)/g, '$1;$2');
  const text = sanitizeHtml(html.replace(/<\/(p|h[1-6]|li|tr|blockquote|pre)>/g, '$& '), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'title',
      'iframe',
      'object',
      'template',
    ],
  })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  if (!maxLength || text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, '')}…`;
}
