// Progressive enhancement for the rule-set editor (/admin/rules/:key); the page works without it.
// As the admin types, the text is checked by the same endpoint the Validate button posts to, asking for
// JSON, and the problems list (an aria-live region the textarea names in aria-describedby) is redrawn.
// A problem's line becomes a button that selects that line in the textarea.
(() => {
  const form = document.getElementById('rule-editor');
  const textarea = document.getElementById('definition');
  const region = document.getElementById('definition-problems');
  if (!form || !textarea || !region) return;
  const url = form.dataset.validateUrl;
  const okText = region.dataset.okText || 'No problems found.';
  const DELAY_MS = 700;
  let timer = 0;
  let sequence = 0;
  let lastShown = '';

  function selectLine(line) {
    const lines = textarea.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    const end = start + (lines[line - 1] ?? '').length;
    textarea.focus();
    textarea.setSelectionRange(start, end);
    const lineHeight = Number.parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  function lineButton(line) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'rule-line link-like';
    button.textContent = `line ${line}`;
    button.setAttribute('aria-label', `Select line ${line} in the editor`);
    button.addEventListener('click', () => selectLine(line));
    return button;
  }

  /** Server-rendered line references become buttons too. */
  function upgradeLines(root) {
    for (const span of root.querySelectorAll('span.rule-line[data-line]')) {
      span.replaceWith(lineButton(Number(span.dataset.line)));
    }
  }

  function render(problems) {
    const key = JSON.stringify(problems);
    if (key === lastShown) return; // Unchanged: do not make screen readers announce it again.
    lastShown = key;
    region.replaceChildren();
    if (problems.length > 0) textarea.setAttribute('aria-invalid', 'true');
    else textarea.removeAttribute('aria-invalid');
    if (problems.length === 0) {
      const p = document.createElement('p');
      p.className = 'rule-valid';
      p.textContent = okText;
      region.append(p);
      return;
    }
    const title = document.createElement('p');
    title.className = 'rule-invalid';
    title.id = 'definition-problems-title';
    const strong = document.createElement('strong');
    strong.textContent = `${problems.length} problem${problems.length === 1 ? '' : 's'} in the rule set:`;
    title.append(strong);
    const list = document.createElement('ul');
    list.className = 'problems';
    list.setAttribute('aria-labelledby', title.id);
    for (const problem of problems) {
      const item = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = problem.path;
      item.append(code);
      if (problem.line) item.append(' ', lineButton(problem.line));
      item.append(`: ${problem.message}`);
      if (problem.suggestion) {
        const hint = document.createElement('span');
        hint.className = 'hint';
        hint.textContent = ` (${problem.suggestion})`;
        item.append(hint);
      }
      list.append(item);
    }
    region.append(title, list);
  }

  async function check() {
    const mine = ++sequence; // Answers can arrive out of order: only the latest is shown.
    const body = new URLSearchParams();
    body.set('_csrf', form.querySelector('input[name="_csrf"]')?.value ?? '');
    body.set('draftId', form.querySelector('input[name="draftId"]')?.value ?? '');
    body.set('definition', textarea.value);
    try {
      const response = await fetch(url, { method: 'POST', headers: { accept: 'application/json' }, body, credentials: 'same-origin' });
      if (!(response.headers.get('content-type') ?? '').includes('application/json')) return; // e.g. an expired form: the buttons still work.
      const answer = await response.json();
      if (mine === sequence && Array.isArray(answer.problems)) render(answer.problems);
    } catch (error) {
      console.warn('Live validation is unavailable; the Validate button still works.', error);
    }
  }

  upgradeLines(region);
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, DELAY_MS);
  });
  // A button press sends the text anyway; a check still waiting would only be cut off by the new page.
  form.addEventListener('submit', () => clearTimeout(timer));
})();
