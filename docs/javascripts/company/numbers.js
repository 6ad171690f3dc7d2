/* Numbers typed by a person, in any common style: "10,5" and "10.5" are both ten and a
 * half; "1,000" alone could be a thousand or one, so it is refused as ambiguous rather
 * than guessed. Pure functions, no DOM. */

const SPACES = /[\s\u00a0\u202f']/g;  // spaces, no-break spaces and apostrophes group thousands

/* { value } or { error }: `rule` may set optional, min, max, integer and a `tooBig` message. */
export function parseNumber(raw, rule = {}) {
  const text = String(raw ?? "").trim().replace(SPACES, "");
  if (text === "") return rule.optional ? { value: null } : { error: "Enter a number." };
  const value = readDigits(text);
  if (value === "ambiguous") {
    return { error: `"${String(raw).trim()}" is ambiguous: write it without the separator, or with one or two decimals (like 1000 or 1.5).` };
  }
  if (value === null) return { error: "Enter a number, like 4 or 2.5." };
  if (rule.integer && !Number.isInteger(value)) return { error: "Enter a whole number." };
  if (value < (rule.min ?? 0)) return { error: `Use ${formatNumber(rule.min ?? 0)} or more.` };
  if (rule.max !== undefined && value > rule.max) return { error: rule.tooBig || `Use at most ${formatNumber(rule.max)}.` };
  return { value };
}

function readDigits(text) {
  if (!/^[+-]?[\d.,]+$/.test(text) || !/\d/.test(text)) return null;
  const sign = text.startsWith("-") ? -1 : 1;
  const body = text.replace(/^[+-]/, "");
  const commas = count(body, ","), dots = count(body, ".");
  if (commas && dots) {
    // both: the last one is the decimal mark, the other groups thousands (1,234.5 or 1.234,5)
    const decimal = body.lastIndexOf(",") > body.lastIndexOf(".") ? "," : ".";
    const group = decimal === "," ? "." : ",";
    const [whole, fraction, extra] = body.split(decimal);
    if (extra !== undefined || !grouped(whole, group) || !/^\d+$/.test(fraction)) return null;
    return sign * Number(whole.split(group).join("") + "." + fraction);
  }
  const mark = commas ? "," : dots ? "." : null;
  if (mark === null) return sign * Number(body);
  const parts = body.split(mark);
  if (parts.length > 2) return grouped(body, mark) ? sign * Number(parts.join("")) : null;
  const [whole, fraction] = parts;
  if (fraction === "" || whole === "" && !fraction) return null;
  // "1,000" or "1.000": a thousand in one style, one in the other
  if (fraction.length === 3 && /^\d{1,3}$/.test(whole) && whole !== "0") return "ambiguous";
  return sign * Number((whole || "0") + "." + fraction);
}

function count(text, char) { return text.split(char).length - 1; }

/* "1,234,567" with `group` between threes after a first group of one to three digits. */
function grouped(text, group) {
  const parts = text.split(group);
  return /^\d{1,3}$/.test(parts[0]) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

/* A number as the reader's locale writes it (undefined: the browser's own). */
export function formatNumber(value, locale, digits = 1) {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/* An amount of money, without a currency: the playbook does not know which one you use. */
export function formatMoney(value, locale) {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(value));
}
