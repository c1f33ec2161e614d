import init, { checks } from './playground-web.js';

/** An element with a class and text. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Text with `code` spans, as the registry writes it, shown with <code> elements. */
function withCode(tag, text) {
  const node = document.createElement(tag);
  text.split('`').forEach((part, i) => node.append(i % 2 ? el('code', '', part) : part));
  return node;
}

/** A policy laid out one member per line, when reading it back loses nothing (not for
 * the examples that are not JSON or repeat a member: those are shown as written). */
function layout(text) {
  try {
    const value = JSON.parse(text);
    return JSON.stringify(value) === text ? JSON.stringify(value, null, 2) : text;
  } catch {
    return text;
  }
}

function example(title, text) {
  return [el('p', 'example-title', title), Object.assign(el('pre'), { textContent: layout(text) })];
}

const KINDS = {
  identity: 'an identity policy', endpoint: 'a VPC endpoint policy', resource: 'a resource-based policy',
  permissionsBoundary: 'a permissions boundary', scp: 'an SCP', rcp: 'an RCP', session: 'a session policy',
  trust: 'a role trust policy',
};

await init({ module_or_path: new URL('playground-web_bg.wasm', import.meta.url) });
const list = checks();
const root = document.getElementById('checks');
const toc = el('ul', 'toc');
const sections = [];
for (const check of list) {
  const item = el('li');
  const link = el('a', '', check.code);
  link.href = `#${check.code}`;
  item.append(link);
  toc.append(item);

  const section = el('section', 'check');
  section.id = check.code;
  section.dataset.testid = 'check';
  section.append(el('h2', '', check.code));
  const facts = el('p', 'facts');
  const origin = check.accessAnalyzer === null ? 'ours'
    : check.accessAnalyzer === check.findingType ? 'Access Analyzer'
    : `Access Analyzer (${check.accessAnalyzer})`;
  const applies = check.appliesTo[0] === 'case' ? 'the simulate case or another input'
    : check.appliesTo[0] === 'evaluation' ? 'evaluation note' : check.appliesTo.join(', ');
  facts.append(el('span', 'severity', check.findingType), el('span', '', origin), el('span', '', applies));
  if (check.link) {
    const page = el('a', '', 'AWS documentation');
    page.href = check.link;
    const span = el('span');
    span.append(page);
    facts.append(span);
  }
  section.append(facts, withCode('p', check.summary), withCode('p', check.explanation));
  if (check.examples) {
    const kind = KINDS[check.examples.kind] ?? check.examples.kind;
    section.append(...example(`Triggers it, read as ${kind}:`, check.examples.fires));
    section.append(...example(`Does not, read as ${kind}:`, check.examples.quiet));
  } else if (check.testedBy) {
    section.append(withCode('p', `No short policy shows it; \`${check.testedBy}\` does.`));
  } else {
    section.append(el('p', '', 'Shown by a policy longer than the quota of its kind.'));
  }
  sections.push(section);
}
root.replaceChildren(toc, ...sections);
root.setAttribute('aria-busy', 'false');
// The list did not exist when the browser looked for the fragment's target: look again.
const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
if (target) {
  target.classList.add('linked');
  target.scrollIntoView();
}
