// The exam question: pick two, then check. The right answers and each choice's reason are
// in the markup (data-right, data-why); this compares the picks with them and says why.
const exam = document.querySelector('[data-testid="exam-question"]');
const examResult = exam.querySelector('[data-testid="exam-result"]');
const examChoices = [...exam.querySelectorAll('[data-testid="exam-choice"]')];
const isRight = (input) => input.closest('li').hasAttribute('data-right');
// Shows a verdict and, for each of `inputs`, whether it is one of the two and why.
function showExam(verdict, headline, inputs) {
  const line = document.createElement('p');
  line.className = 'verdict';
  line.textContent = headline;
  const list = document.createElement('ul');
  for (const input of inputs) {
    const item = document.createElement('li');
    item.dataset.testid = 'exam-feedback';
    item.dataset.choice = input.value;
    item.dataset.correct = String(isRight(input));
    const label = document.createElement('strong');
    label.textContent = `${input.value}: ${isRight(input) ? 'one of the two' : 'not one of them'}.`;
    item.append(label, ' ', input.closest('li').dataset.why);
    list.append(item);
  }
  const parts = [line];
  if (inputs.length) parts.push(list);
  if (verdict === 'right' || verdict === 'revealed') {
    const next = document.createElement('p');
    next.textContent = 'Together they say who (the endpoint policy) may do what (the IAM policy). See it decided below: predict, then see why.';
    parts.push(next);
  }
  examResult.dataset.verdict = verdict;
  examResult.replaceChildren(...parts);
}
exam.addEventListener('submit', (event) => {
  event.preventDefault();
  const picked = examChoices.filter((c) => c.checked);
  if (picked.length !== 2) {
    const count = ['none', 'one', 'two', 'three', 'four', 'five'][picked.length];
    showExam('incomplete', `The question asks for two steps; you picked ${count}.`, []);
    return;
  }
  const right = picked.filter(isRight).length;
  const headline = right === 2 ? 'Right: A and B.' : right === 1 ? 'One of your two is right. Try another pick.' : 'Neither of your two is right. Try again.';
  showExam(right === 2 ? 'right' : 'wrong', headline, picked);
});
exam.querySelector('[data-testid="exam-reveal"]').addEventListener('click', () => {
  showExam('revealed', 'The answer: A and B.', examChoices);
});

// Page theme switch: the widgets follow their host element's data-theme. It starts from
// the theme in effect (the system's until the reader chooses), so that the first press
// always changes what the reader sees.
const button = document.querySelector('[data-testid="theme-toggle"]');
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
const isDark = () =>
  document.body.classList.contains('dark') ||
  (!document.body.classList.contains('light') && systemDark.matches);
const showTheme = () => {
  const dark = isDark();
  button.setAttribute('aria-pressed', String(dark));
  button.textContent = dark ? 'Light theme' : 'Dark theme';
};
showTheme();
systemDark.addEventListener('change', showTheme);
button.addEventListener('click', () => {
  const dark = !isDark();
  document.body.classList.toggle('dark', dark);
  document.body.classList.toggle('light', !dark);
  for (const w of document.querySelectorAll('[data-policy-playground]')) w.setAttribute('data-theme', dark ? 'dark' : 'light');
  showTheme();
});
