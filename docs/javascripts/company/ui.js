/* Small DOM helpers shared by the views. */

import { formatNumber, parseNumber } from "./numbers.js";

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([key, value]) => {
    if (value === null || value === undefined || value === false) return;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  });
  return append(node, ...children);
}

/* Children added to a node, skipping null, undefined and false (the DOM's own append would
 * write them as the text "null"). */
export function append(node, ...children) {
  children.flat().forEach((child) => {
    if (child === null || child === undefined || child === false) return;
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  });
  return node;
}

let uid = 0;
export function nextId(prefix) { uid += 1; return `${prefix}-${uid}`; }

export function button(text, onclick, attrs = {}) {
  return el("button", { type: "button", class: "md-button", onclick, ...attrs }, text);
}

/* A labelled number input: shows the value in the reader's locale, and on each keystroke
 * either calls `set(value)` or shows why the text is not a number (never a silent guess). */
export function numberField(labelText, value, rule, set, attrs = {}) {
  const input = el("input", { type: "text", inputmode: "decimal", id: nextId("num"), autocomplete: "off",
    value: value === null || value === undefined ? "" : formatNumber(value, undefined, 2), ...attrs });
  const error = el("span", { class: "pb-field-error", id: input.id + "-error", "aria-live": "polite" });
  input.setAttribute("aria-describedby", error.id);
  input.addEventListener("input", () => {
    const parsed = parseNumber(input.value, rule);
    error.textContent = parsed.error || "";
    if (parsed.error) input.setAttribute("aria-invalid", "true");
    else { input.removeAttribute("aria-invalid"); set(parsed.value); }
  });
  const label = labelText ? el("label", { for: input.id }, labelText) : null;
  if (!label && attrs["aria-label"] === undefined) input.setAttribute("aria-label", "number");
  return { node: el("span", { class: "pb-field pb-number" }, label, input, error), input };
}

export function textField(labelText, value, set, attrs = {}) {
  const input = el("input", { type: "text", id: nextId("txt"), value: value || "", autocomplete: "off", maxlength: "200", ...attrs });
  input.addEventListener("input", () => set(input.value));
  return { node: el("span", { class: "pb-field" }, labelText ? el("label", { for: input.id }, labelText) : null, input), input };
}

export function select(options, value, set, attrs = {}) {
  const node = el("select", { id: nextId("sel"), ...attrs });
  options.forEach(([v, text]) => node.appendChild(el("option", { value: v, text })));
  node.value = value;
  node.addEventListener("change", () => set(node.value));
  return node;
}

/* A table inside Material's scrolling wrapper, so a wide one scrolls inside its box. */
export function wideTable(table) {
  const wrap = el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table));
  // a table wider than the screen says that it scrolls (a phone hides its last columns)
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(() => wrap.classList.toggle("pb-overflows", wrap.scrollWidth > wrap.clientWidth + 1)).observe(wrap);
  }
  return wrap;
}

export function download(name, text, type) {
  const link = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
}
