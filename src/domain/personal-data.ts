import { electronicFormatIBAN, isValidIBAN } from "ibantools";
import { findPhoneNumbersInText } from "libphonenumber-js/max";
import { addMonths, isValidIsoDate, type IsoDate } from "./calendar.ts";

/**
 * What must never be typed into a chat about a household: direct identifiers. The check is
 * deliberately broad (a false alarm costs a rephrasing; a leak to a third-party host cannot be
 * taken back), but ordinary work text (amounts, recent dates, dossier numbers, landlord
 * organisations, housing types) must go through. Phone numbers and IBANs are found by
 * well-kept libraries (Google's phone metadata, IBAN checksums); the rest is French-specific.
 */
export const PERSONAL_DATA_KINDS = ["phone", "email", "nir", "iban", "birth_date", "name", "address"] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** A full date older than this, even without a "born" marker, is taken for a birth date. */
export const BARE_DATE_YEARS = 10;

// Letters and digits on either side: a match must not start or end inside a word.
const NOT_BEFORE = "(?<![\\p{L}\\p{N}])";
const NOT_AFTER = "(?![\\p{L}\\p{N}])";

function hasPhone(text: string): boolean {
  // "+33 (0)6…" and "(+33) 6…" are common French spellings the parser reads best without brackets.
  const normalized = text.replace(/\(\s*0\s*\)/g, " ").replace(/\(\s*(\+\d{1,3})\s*\)/g, "$1");
  return findPhoneNumbersInText(normalized, { defaultCountry: "FR" }).length > 0;
}

const AT = String.raw`(?:\s*@\s*|\s*[([{<]\s*(?:at|@|arobase)\s*[)\]}>]\s*|\s+(?:arobase|at)\s+)`;
const DOT = String.raw`(?:\.|\s*[([{<]\s*(?:dot|point|\.)\s*[)\]}>]\s*|\s+(?:dot|point)\s+)`;
const EMAIL = new RegExp(
  `${NOT_BEFORE}[\\p{L}\\p{N}._%+-]+${AT}[\\p{L}\\p{N}-]+(?:${DOT}[\\p{L}\\p{N}-]+)*${DOT}\\p{L}{2,}${NOT_AFTER}`,
  "iu",
);

function hasEmail(text: string): boolean {
  return EMAIL.test(text);
}

// NIR: sex, year, month, département (2A/2B in Corsica), commune, order, then the optional key.
const SEP = "[\\s.-]?";
const NIR = new RegExp(
  `${NOT_BEFORE}([1-478])${SEP}(\\d{2})${SEP}(0[1-9]|1[0-2]|[2-9]\\d)${SEP}(\\d{2}|2[AB])${SEP}(\\d{3})${SEP}(\\d{3})(?:${SEP}(\\d{2}))?${NOT_AFTER}`,
  "giu",
);

/** The key of a NIR is 97 minus the 13-digit number modulo 97 (Corsica: 2A → 19, 2B → 18). */
export function nirKey(body: string): number {
  const digits = body.toUpperCase().replace("2A", "19").replace("2B", "18");
  return 97 - Number(BigInt(digits) % 97n);
}

function hasNir(text: string): boolean {
  for (const match of text.matchAll(NIR)) {
    const body = match.slice(1, 7).join("");
    const key = match[7];
    if (key === undefined || Number(key) === nirKey(body)) return true;
  }
  return false;
}

// An IBAN: country, check digits, then groups; the longest run that validates wins.
const IBAN_CANDIDATE = new RegExp(`${NOT_BEFORE}[A-Z]{2}\\d{2}(?:[ -]?[A-Z0-9]{1,4}){3,8}`, "giu");

function hasIban(text: string): boolean {
  for (const match of text.matchAll(IBAN_CANDIDATE)) {
    const groups = match[0].split(/[ -]/);
    for (let n = groups.length; n >= 1; n--) {
      const candidate = electronicFormatIBAN(groups.slice(0, n).join("").toUpperCase());
      if (candidate && isValidIBAN(candidate)) return true;
    }
  }
  return false;
}

// biome-ignore format: one month per line reads best
const MONTHS: Record<string, number> = {
  janvier: 1, janv: 1, jan: 1, january: 1,
  fevrier: 2, février: 2, fevr: 2, févr: 2, fev: 2, fév: 2, feb: 2, february: 2,
  mars: 3, mar: 3, march: 3,
  avril: 4, avr: 4, apr: 4, april: 4,
  mai: 5, may: 5,
  juin: 6, june: 6, jun: 6,
  juillet: 7, juil: 7, july: 7, jul: 7,
  aout: 8, août: 8, aug: 8, august: 8,
  septembre: 9, sept: 9, sep: 9, september: 9,
  octobre: 10, oct: 10, october: 10,
  novembre: 11, nov: 11, november: 11,
  decembre: 12, décembre: 12, dec: 12, déc: 12, december: 12,
};

const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|")})\\.?`;
const DAY = "(0?[1-9]|[12]\\d|3[01])(?:er|st|nd|rd|th)?";
/** Dates as people type them; each alternative captures day, month and year in its own groups. */
const DATE_FORMS = [
  { source: `${DAY}[/.-](0?[1-9]|1[0-2])[/.-](\\d{4}|\\d{2})`, order: [1, 2, 3] },
  { source: `(\\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])`, order: [3, 2, 1] },
  { source: `${DAY}\\s+(?:of\\s+)?${MONTH}(?:\\s+(\\d{4}))?`, order: [1, 2, 3] },
  { source: `${MONTH}\\s+${DAY},?(?:\\s+(\\d{4}))?`, order: [2, 1, 3] },
] as const;

interface TypedDate {
  day: number;
  month: number;
  year: number | null;
}

function monthNumber(value: string): number {
  return MONTHS[value.toLowerCase()] ?? Number(value);
}

/** Every date written in the text, from where each one starts. */
function datesIn(text: string): { index: number; date: TypedDate }[] {
  const found: { index: number; date: TypedDate }[] = [];
  for (const form of DATE_FORMS) {
    const pattern = new RegExp(`${NOT_BEFORE}${form.source}${NOT_AFTER}`, "giu");
    for (const match of text.matchAll(pattern)) {
      const [d, m, y] = form.order.map((i) => match[i]);
      if (d === undefined || m === undefined) continue;
      let year = y === undefined ? null : Number(y);
      if (year !== null && year < 100) year += year > 30 ? 1900 : 2000;
      found.push({ index: match.index, date: { day: Number(d), month: monthNumber(m), year } });
    }
  }
  return found;
}

function isoOf({ day, month, year }: TypedDate): IsoDate | null {
  if (year === null) return null;
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return isValidIsoDate(iso) ? iso : null;
}

// A marker that the next date is a birth: "né(e) le", "DDN :", "date de naissance", "born on".
const BIRTH_MARKER =
  /(?<![\p{L}\p{N}])(?:n[ée]e?(?:\(e\)|·e)?|d\.?d\.?n\.?|date\s+de\s+naissance|naissance|born|birth\s*date|date\s+of\s+birth|d\.?o\.?b\.?)(?![\p{L}\p{N}])[\s:,]*(?:(?:le|en|on|in|the)\s+)?$/iu;
const YEAR_AFTER_MARKER =
  /(?<![\p{L}\p{N}])(?:n[ée]e?(?:\(e\)|·e)?|naissance|born)\s+(?:en|in)\s+(?:19|20)\d{2}(?![\p{L}\p{N}])/iu;

function hasBirthDate(text: string, today: IsoDate): boolean {
  if (YEAR_AFTER_MARKER.test(text)) return true;
  const limit = addMonths(today, -12 * BARE_DATE_YEARS);
  for (const { index, date } of datesIn(text)) {
    if (BIRTH_MARKER.test(text.slice(Math.max(0, index - 40), index))) return true;
    const iso = isoOf(date);
    if (iso !== null && iso < limit) return true;
  }
  return false;
}

// A civility or a "nom :" label followed by a capitalised word is a person's name.
const NAME = new RegExp(
  `${NOT_BEFORE}(?:(?:M|Mme|Mlle|Mr|Mrs|Ms|Dr|Pr)\\.?|Monsieur|Madame|Mademoiselle|Docteur|Maître|Me\\.)\\s+\\p{Lu}\\p{Ll}*|${NOT_BEFORE}(?:[Nn]om|NOM|[Pp]r[ée]nom|PR[ÉE]NOM|[Nn]om de famille|[Nn]ame|[Ff]irst name|[Ll]ast name|[Ss]urname)\\s*:\\s*\\p{Lu}`,
  "u",
);

// A street address: a number, bis/ter, and a kind of way; or a postcode and a town.
const WAYS =
  "rue|ruelle|avenue|av\\.|bd|boulevard|chemin|impasse|imp\\.|all[ée]e|quai|square|lotissement|lieu-dit|lieudit|hameau|faubourg|fbg|venelle|sentier|chauss[ée]e|esplanade|rond-point";
const HOUSE_NUMBER = `${NOT_BEFORE}\\d{1,4}\\s*(?:bis|ter|quater|[a-d])?\\s*,?\\s*`;
const ADDRESS = new RegExp(`${HOUSE_NUMBER}(?:${WAYS})${NOT_AFTER}`, "iu");
// Ways that are also ordinary words ("3 places", "2 cours de soutien") need a capitalised name.
const NAMED_WAYS =
  "place|pl\\.|route|rte|cours|r[ée]sidence|r[ée]s\\.|cit[ée]|passage|villa|voie|mail|domaine|promenade"
    .split("|")
    .map((way) => `[${way[0]}${way[0]?.toUpperCase()}]${way.slice(1)}`)
    .join("|");
const NAMED_ADDRESS = new RegExp(
  `${HOUSE_NUMBER}(?:${NAMED_WAYS})\\s+(?:(?:de\\s+la|de|du|des|la|le|les)\\s+|[dl]')?\\p{Lu}`,
  "u",
);
const POSTCODE_TOWN = new RegExp(
  `${NOT_BEFORE}(?:0[1-9]|[1-8]\\d|9[0-8]|2[AB])\\d{3}\\s+(?!(?:EUR|Euros?|Francs?)${NOT_AFTER})\\p{Lu}\\p{L}+`,
  "u",
);

function hasAddress(text: string): boolean {
  return ADDRESS.test(text) || NAMED_ADDRESS.test(text) || POSTCODE_TOWN.test(text);
}

/** The kinds of personal data found in a text, in a fixed order; empty when there is none. */
export function personalDataIn(text: string, today: IsoDate): PersonalDataKind[] {
  const checks: Record<PersonalDataKind, () => boolean> = {
    phone: () => hasPhone(text),
    email: () => hasEmail(text),
    nir: () => hasNir(text),
    iban: () => hasIban(text),
    birth_date: () => hasBirthDate(text, today),
    name: () => NAME.test(text),
    address: () => hasAddress(text),
  };
  return PERSONAL_DATA_KINDS.filter((kind) => checks[kind]());
}
