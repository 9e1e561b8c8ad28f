import fs from 'node:fs';
import { type Localized, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, type Locale } from '../../../platform/i18n/locales.ts';
import { useCtx } from '../../../views/context.ts';
import { helpImageFile, IMAGE_LINE } from '../manuals.ts';
import { Markdown } from './shared.tsx';

type Part = { kind: 'text'; md: string } | { kind: 'image'; alt: string; src: string };

/**
 * Help pages may show screenshots: a line that is only `![alt](/static/help-images/…png)`
 * becomes a figure. Nothing else changes in how Markdown is sanitised, and no other address
 * can become an image.
 */
export function splitScreenshots(md: string): Part[] {
  const parts: Part[] = [];
  let text: string[] = [];
  const flush = () => {
    if (text.join('').trim()) parts.push({ kind: 'text', md: text.join('\n') });
    text = [];
  };
  for (const line of md.replace(/\r\n?/g, '\n').split('\n')) {
    const m = IMAGE_LINE.exec(line.trim());
    if (m) {
      flush();
      parts.push({ kind: 'image', alt: m[1]!, src: m[2]! });
    } else {
      text.push(line);
    }
  }
  flush();
  return parts;
}

const sizes = new Map<string, { width: number; height: number } | null>();

/** Width and height from the PNG header, so the page does not jump while images load. */
function pngSize(src: string): { width: number; height: number } | null {
  if (!sizes.has(src)) {
    let size: { width: number; height: number } | null = null;
    try {
      const fd = fs.openSync(helpImageFile(src), 'r');
      const head = Buffer.alloc(24);
      fs.readSync(fd, head, 0, 24, 0);
      fs.closeSync(fd);
      if (head.toString('ascii', 12, 16) === 'IHDR')
        size = { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
    } catch {
      size = null;
    }
    sizes.set(src, size);
  }
  return sizes.get(src) ?? null;
}

function Screenshot({ alt, src }: { alt: string; src: string }) {
  const size = pngSize(src);
  return (
    <figure class="manual-figure">
      <img src={src} alt={alt} loading="lazy" width={size?.width} height={size?.height} />
    </figure>
  );
}

/** A manual page's Markdown in the reader's language (or the original, with a note), with screenshots. */
export function ManualMarkdown({
  value,
  orig,
  minHeadingLevel,
}: {
  value: string | Localized;
  orig: string;
  minHeadingLevel?: number;
}) {
  const { t, locale } = useCtx();
  const picked = pick(value, locale, orig);
  const lang = picked.fallback ? picked.lang : undefined;
  return (
    <>
      {picked.fallback && (
        <p class="fallback-notice">
          {t('content.bodyFallback', {
            language: LOCALE_NAMES[locale],
            original: LOCALE_NAMES[picked.lang as Locale],
          })}
        </p>
      )}
      {splitScreenshots(picked.text).map((part, i) =>
        part.kind === 'text' ? (
          <Markdown key={i} md={part.md} lang={lang} minHeadingLevel={minHeadingLevel} />
        ) : (
          <Screenshot key={i} alt={part.alt} src={part.src} />
        ),
      )}
    </>
  );
}
