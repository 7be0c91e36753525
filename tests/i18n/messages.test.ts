import { describe, expect, it } from 'vitest';

import { locales } from '@/i18n/config';
import { messageCatalogs } from '@/messages/catalog';

const catalogs: Record<string, unknown> = messageCatalogs;

/** Every leaf of a message catalog by its dotted key. */
function flatten(tree: unknown, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  if (tree && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree)) {
      for (const [leafKey, leaf] of flatten(value, prefix ? `${prefix}.${key}` : key)) {
        leaves.set(leafKey, leaf);
      }
    }
  } else {
    leaves.set(prefix, tree);
  }
  return leaves;
}

const pluralTypes = new Set(['plural', 'selectordinal']);

/**
 * The argument names and rich-text tags an ICU message uses, sorted. Follows ICU's
 * apostrophe rule: a quote only escapes when it precedes a brace (or `#` in a plural arm).
 */
function placeholdersOf(message: string): string[] {
  const found = new Set<string>();
  let at = 0;

  const fail = (why: string) => new Error(`${why} at ${at} in "${message}"`);

  function skipQuoted(inPlural: boolean): boolean {
    const next = message[at + 1];
    if (next === "'") {
      at += 2;
      return true;
    }
    if (next !== '{' && next !== '}' && !(inPlural && next === '#')) return false;

    const end = message.indexOf("'", at + 1);
    at = end < 0 ? message.length : end + 1;
    return true;
  }

  function readUntil(stops: string): string {
    const start = at;
    while (at < message.length && !stops.includes(message[at]!)) at++;
    if (at >= message.length) throw fail('unclosed argument');
    return message.slice(start, at).trim();
  }

  function text(inPlural: boolean): void {
    while (at < message.length && message[at] !== '}') {
      const char = message[at]!;
      if (char === "'" && skipQuoted(inPlural)) continue;
      if (char === '{') {
        argument();
        continue;
      }
      const tag = /^<\/?([A-Za-z][\w-]*)>/.exec(message.slice(at));
      if (tag) {
        found.add(`<${tag[1]}>`);
        at += tag[0].length;
        continue;
      }
      at++;
    }
  }

  function argument(): void {
    at++;
    const name = readUntil(',}');
    if (!name) throw fail('empty argument');
    found.add(name);
    if (message[at] === '}') {
      at++;
      return;
    }

    at++;
    const type = readUntil(',}');
    if (type !== 'select' && !pluralTypes.has(type)) {
      readUntil('}');
      at++;
      return;
    }

    at++;
    for (;;) {
      readUntil('{}');
      if (message[at] === '}') {
        at++;
        return;
      }
      at++;
      text(pluralTypes.has(type));
      if (message[at] !== '}') throw fail('unclosed option');
      at++;
    }
  }

  text(false);
  if (at < message.length) throw fail('unbalanced }');

  return [...found].sort();
}

describe('message catalogs', () => {
  const flat = Object.fromEntries(
    Object.entries(catalogs).map(([locale, tree]) => [locale, flatten(tree)]),
  );

  it('has a catalog for every locale', () => {
    expect(Object.keys(catalogs).sort()).toEqual([...locales].sort());
  });

  it('reads placeholders the way ICU does', () => {
    expect(placeholdersOf('Hello {name}, <b>welcome</b>')).toEqual(['<b>', 'name']);
    expect(
      placeholdersOf('{count, plural, one {# user of {team}} other {# users}} by {actor}'),
    ).toEqual(['actor', 'count', 'team']);
    expect(placeholdersOf("Don't '{literal}' but {real}, {n, number, integer}")).toEqual([
      'n',
      'real',
    ]);
    expect(() => placeholdersOf('Broken {name')).toThrow();
  });

  it('has the same keys in every language', () => {
    for (const locale of Object.keys(catalogs)) {
      const missing = [...flat.en!.keys()].filter((key) => !flat[locale]!.has(key));
      const extra = [...flat[locale]!.keys()].filter((key) => !flat.en!.has(key));
      expect({ locale, missing, extra }).toEqual({ locale, missing: [], extra: [] });
    }
  });

  it('has no empty or non-text messages', () => {
    for (const [locale, messages] of Object.entries(flat)) {
      const bad = [...messages].filter(
        ([, value]) => typeof value !== 'string' || value.trim() === '',
      );
      expect({ locale, bad }).toEqual({ locale, bad: [] });
    }
  });

  it('uses the same placeholders in every language', () => {
    const mismatches: string[] = [];
    for (const [key, english] of flat.en!) {
      const expected = placeholdersOf(String(english));
      for (const locale of Object.keys(catalogs)) {
        const translated = flat[locale]!.get(key);
        if (typeof translated !== 'string') continue;

        const actual = placeholdersOf(translated);
        if (actual.join() !== expected.join()) {
          mismatches.push(`${locale} ${key}: {${actual}} instead of {${expected}}`);
        }
      }
    }

    expect(mismatches).toEqual([]);
  });
});
