// Search page: full-text search and filters with Pagefind's JavaScript API.
// Without JavaScript, or where the search index cannot load (a preview, a file
// opened from disk), the page keeps its list of overview pages.

const siteRoot = new URL("../", import.meta.url);
const form = document.getElementById("suchformular");
const input = document.getElementById("suchbegriff");
const filterBox = document.getElementById("suchfilter");
const status = document.getElementById("suchstatus");
const results = document.getElementById("suchtreffer");
const fallback = document.getElementById("suche-ohne-skript");
const FILTER_ORDER = ["Stadt", "Stadtteil", "Zielgruppe", "Preis", "Handlungsfeld"];

let pagefind;
let latest = 0;
let announced = "";
let timer;

function chosenFilters() {
  const filters = {};
  for (const box of filterBox.querySelectorAll("input:checked")) {
    (filters[box.name] ||= { any: [] }).any.push(box.value);
  }
  return filters;
}

function buildFilters(available) {
  const names = Object.keys(available).sort(
    (a, b) => (FILTER_ORDER.indexOf(a) + 1 || 99) - (FILTER_ORDER.indexOf(b) + 1 || 99));
  names.forEach((name, index) => {
    const values = Object.keys(available[name]).sort((a, b) => a.localeCompare(b, "de"));
    if (!values.length) return;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = name;
    fieldset.append(legend);
    values.forEach((value, position) => {
      const id = `filter-${index}-${position}`;
      const box = Object.assign(document.createElement("input"),
        { type: "checkbox", id, name, value });
      const label = Object.assign(document.createElement("label"), { htmlFor: id });
      label.textContent = value;
      const row = document.createElement("div");
      row.className = "filter-option";
      row.append(box, " ", label);
      fieldset.append(row);
    });
    filterBox.append(fieldset);
  });
}

function describe(count, term, filters) {
  const hits = count === 1 ? "1 Treffer" : `${count} Treffer`;
  const parts = [];
  if (term) parts.push(`für „${term}“`);
  const chosen = Object.values(filters).flatMap((filter) => filter.any);
  if (chosen.length) parts.push(`mit Filter ${chosen.join(", ")}`);
  return [hits, ...parts].join(" ") + ".";
}

// The search is kept in the address after "#", which browsers never send to a
// server: Back and a shared link bring it back, and it stays private.
function remember(term, filters) {
  const state = new URLSearchParams();
  if (term) state.set("suche", term);
  for (const [name, filter] of Object.entries(filters)) {
    for (const value of filter.any) state.append(name, value);
  }
  history.replaceState(null, "", state.size ? `#${state}` : location.pathname);
}

function restore() {
  const state = new URLSearchParams(location.hash.slice(1));
  input.value = state.get("suche") || "";
  for (const box of filterBox.querySelectorAll("input")) {
    box.checked = state.getAll(box.name).includes(box.value);
  }
  return state.size > 0;
}

async function run() {
  clearTimeout(timer);
  const term = input.value.trim();
  const filters = chosenFilters();
  remember(term, filters);
  const request = ++latest;
  if (!term && !Object.keys(filters).length) {
    results.replaceChildren();
    status.textContent = announced = "Geben Sie einen Suchbegriff ein oder wählen Sie einen Filter.";
    return;
  }
  const search = await pagefind.search(term || null, { filters });
  const pages = await Promise.all(search.results.slice(0, 50).map((hit) => hit.data()));
  if (request !== latest) return; // a newer search has started meanwhile
  results.replaceChildren(...pages.map((page) => {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = Object.assign(document.createElement("a"), { href: page.url });
    link.textContent = page.meta.title;
    heading.append(link);
    const excerpt = document.createElement("p");
    excerpt.innerHTML = page.excerpt; // Pagefind escapes the text and adds <mark>
    item.append(heading, excerpt);
    return item;
  }));
  const shown = search.results.length > 50 ? " Angezeigt werden die ersten 50." : "";
  const message = describe(search.results.length, term, filters) + shown;
  if (message !== announced) {
    // Screen readers announce the live region on every change: only real news.
    status.textContent = announced = message;
  }
}

async function start() {
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
    await pagefind.options({ baseUrl: siteRoot.pathname });
    buildFilters(await pagefind.filters());
  } catch (error) {
    status.textContent = "Die Suche ist hier nicht verfügbar. Bitte nutzen Sie die Übersichten.";
    return;
  }
  fallback.hidden = true;
  form.hidden = false;
  if (restore()) run();
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 400); });
  filterBox.addEventListener("change", run);
}

start();
