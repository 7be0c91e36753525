const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// Codes that name groupings or test data rather than a country or region.
const notRegions = new Set(['EU', 'EZ', 'QO', 'UN', 'XA', 'XB', 'ZZ']);

let regionCodes: string[] | undefined;

/** The two-letter codes the template schema accepts: those the platform can name. */
function allRegionCodes(): string[] {
  if (!regionCodes) {
    const known = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    regionCodes = [...letters].flatMap((first) =>
      [...letters]
        .map((second) => first + second)
        .filter((code) => !notRegions.has(code) && known.of(code) !== undefined),
    );
  }
  return regionCodes;
}

/** Countries and regions named in the UI language, in that language's alphabetical order. */
export function regionOptions(locale: string): { code: string; name: string }[] {
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const collator = new Intl.Collator(locale);

  return allRegionCodes()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export function regionName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
