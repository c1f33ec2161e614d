// The quiz: a widget option (data-quiz) that turns a scenario into questions, and the exam question
// of notes.html.
//
// Quiz hooks (inside the widget's open shadow root; README "Embed it" lists them):
//   [data-testid="quiz"]                         the quiz (its prompt: [data-testid="quiz-prompt"])
//   [data-testid="quiz-item"]                    one question: data-principal, data-action,
//                                                data-state = open | answered | revealed
//   [data-testid="quiz-answer"][data-answer=A]   the prediction buttons, A = allowed | denied
//                                                (aria-pressed: the one chosen)
//   [data-testid="quiz-reveal"]                  shows the answer without a prediction
//   [data-testid="quiz-result"]                  the verdict: data-correct = true | false (absent
//                                                when revealed), in a polite live region
//   [data-testid="quiz-decision"]                the decision: data-decision, data-principal, data-action
//   [data-testid="quiz-retry"]                   hides the answer again
//   [data-testid="quiz-score"]                   once no question is open (and there are two or
//                                                more): data-right, data-predicted, data-total
// The explanation is the widget's usual [data-testid="explanation"].
//
// notes.html's exam question: [data-testid="exam-question"] (a form), [data-testid="exam-choice"]
// (checkboxes, value A to E), [data-testid="exam-check"], [data-testid="exam-reveal"],
// [data-testid="exam-result"] (data-verdict = right | wrong | incomplete | revealed) holding one
// [data-testid="exam-feedback"][data-choice][data-correct] per choice it explains.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, arnOf, replaceText } from './fixtures.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CREATE = 'sagemaker:CreateTrainingJob';

async function openNotes(page) {
  await page.goto('/notes.html');
  await expect(page.locator('[data-policy-playground][data-ready="true"]')).toHaveCount(4, { timeout: 15_000 });
  return page.locator('[data-testid="widget-quiz"]');
}

const item = (quiz, principal, action = CREATE) =>
  quiz.locator(`[data-testid="quiz-item"][data-principal="${principal}"][data-action="${action}"]`);
const answer = (scope, what) => scope.locator(`[data-testid="quiz-answer"][data-answer="${what}"]`);

// Everything that would give an open question's answer away, counted in `scope`'s DOM (a widget
// host, or one question): a decision attribute, a decision's class or words, an explanation, a
// verdict, statements marked as decisive in the editors.
async function leaks(scope) {
  return scope.evaluate((el) => {
    const root = el.shadowRoot || el;
    const text = root.textContent;
    return {
      decisionAttributes: root.querySelectorAll('[data-decision]').length,
      decisionClasses: root.querySelectorAll('.allowed, .explicit, .implicit, .cell').length,
      explanations: root.querySelectorAll('[data-testid="explanation"]').length,
      results: root.querySelectorAll('[data-testid="quiz-result"], [data-testid="quiz-decision"]').length,
      decisiveMarks: root.querySelectorAll('mark.decisive-allow, mark.decisive-deny').length,
      decisionWords: /implicitly denied|explicitly denied|may call|may not call|[✓✕–]/.test(text),
      decisionInMarkup: /ImplicitlyDenied|ExplicitlyDenied|data-decision/.test(root.innerHTML),
    };
  });
}
const NO_LEAK = {
  decisionAttributes: 0,
  decisionClasses: 0,
  explanations: 0,
  results: 0,
  decisiveMarks: 0,
  decisionWords: false,
  decisionInMarkup: false,
};

test.describe('the quiz widget', () => {
  test('hides the decisions until answered; a right and a wrong answer show the verdict, the decision and the explanation', async ({ page }) => {
    const quiz = await openNotes(page);
    await expect(quiz.locator('[data-testid="quiz-prompt"]')).toHaveText('Both users call CreateTrainingJob in us-east-1. Which of them gets through?');
    await expect(quiz.locator('[data-testid="quiz-item"]')).toHaveCount(2);
    const [specific, other] = [item(quiz, 'specific-user'), item(quiz, 'other-user')];
    for (const q of [specific, other]) {
      await expect(q).toHaveAttribute('data-state', 'open');
      await expect(q).toContainText(`call ${CREATE} through the VPC endpoint?`);
      await expect(answer(q, 'allowed')).toHaveAttribute('aria-pressed', 'false');
      await expect(answer(q, 'allowed')).not.toHaveAttribute('aria-disabled', /.*/);
    }
    // Nothing in the widget gives the answers away: no decision, no explanation, no marks.
    expect(await leaks(quiz)).toEqual(NO_LEAK);
    // The editors are there to reason from.
    await expect(quiz.locator('textarea[data-testid="endpoint-policy"]')).toBeVisible();
    await expect(quiz.locator('textarea[data-testid="identity-policy"]')).toBeVisible();

    // Right: specific-user is allowed.
    await answer(specific, 'allowed').click();
    await expect(specific).toHaveAttribute('data-state', 'answered');
    const right = specific.locator('[data-testid="quiz-result"]');
    await expect(right).toHaveAttribute('data-correct', 'true');
    await expect(right).toHaveText('Right: you predicted allowed, and it is ✓allowed.');
    await expect(specific.locator('[data-testid="quiz-decision"]')).toHaveAttribute('data-decision', 'Allowed');
    // What `leaks` looks for is there now (so its clean answers above and below mean something).
    expect(await leaks(specific)).toMatchObject({ decisionAttributes: 1, decisionClasses: 1, explanations: 1, decisionWords: true, decisionInMarkup: true });
    // The verdict sits in a live region that was there before it.
    await expect(specific.locator('[aria-live="polite"] [data-testid="quiz-result"]')).toHaveCount(1);
    // The explanation is the cell's: both decisive statements, the IAM policy's condition.
    const why = specific.locator('[data-testid="explanation"]');
    await expect(why.locator('.summary')).toHaveText(/^specific-user may call sagemaker:CreateTrainingJob: allowed by statement 0 of .+ and statement 0 of .+/);
    await expect(why).toContainText('aws:RequestedRegion');
    // The decisive statements are marked in the editors now.
    await expect(quiz.locator('.backdrop mark.decisive-allow').first()).toBeAttached();
    // The focus stays on the pressed button; the answers wait for "Try again".
    await expect(answer(specific, 'allowed')).toBeFocused();
    await expect(answer(specific, 'allowed')).toHaveAttribute('aria-pressed', 'true');
    for (const b of [answer(specific, 'allowed'), answer(specific, 'denied'), specific.locator('[data-testid="quiz-reveal"]')]) {
      await expect(b).toHaveAttribute('aria-disabled', 'true');
    }
    // Pressing another answer now changes nothing (Playwright will not click an aria-disabled
    // button: a reader's keyboard can still press it).
    await answer(specific, 'denied').focus();
    await page.keyboard.press('Enter');
    await expect(answer(specific, 'denied')).toHaveAttribute('aria-pressed', 'false');
    await expect(answer(specific, 'allowed')).toHaveAttribute('aria-pressed', 'true');
    await expect(right).toHaveAttribute('data-correct', 'true');
    // The other question still gives nothing away.
    expect(await leaks(other)).toEqual(NO_LEAK);
    await expect(quiz.locator('[data-testid="quiz-score"]')).toHaveCount(0);

    // Wrong: other-user is stopped at the endpoint.
    await answer(other, 'allowed').click();
    const wrong = other.locator('[data-testid="quiz-result"]');
    await expect(wrong).toHaveAttribute('data-correct', 'false');
    await expect(wrong).toHaveText('Not quite: you predicted allowed, but it is –implicitly denied.');
    await expect(other.locator('[data-testid="quiz-decision"]')).toHaveAttribute('data-decision', 'ImplicitlyDenied');
    await expect(other.locator('[data-testid="explanation"] .summary')).toHaveText(
      'other-user may not call sagemaker:CreateTrainingJob: nothing in the VPC endpoint policy allows it',
    );
    // Every question settled: the score.
    const score = quiz.locator('[data-testid="quiz-score"]');
    await expect(score).toHaveText('You predicted 1 of 2 right.');
    await expect(score).toHaveAttribute('data-right', '1');

    // Try again: the decision is hidden again, the focus back on the first answer.
    await other.locator('[data-testid="quiz-retry"]').click();
    await expect(other).toHaveAttribute('data-state', 'open');
    expect(await leaks(other)).toEqual(NO_LEAK);
    await expect(answer(other, 'allowed')).toBeFocused();
    await expect(score).toHaveCount(0);
    // ... by keyboard this time: Tab to "Denied", Enter.
    await page.keyboard.press('Tab');
    await expect(answer(other, 'denied')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(wrong).toHaveAttribute('data-correct', 'true');
    await expect(wrong).toHaveText('Right: you predicted denied, and it is –implicitly denied.');
    await expect(score).toHaveText('You predicted 2 of 2 right.');
  });

  test('"Show the answer" reveals without a verdict, by keyboard; "Hide the answer" hides it', async ({ page }) => {
    const quiz = await openNotes(page);
    const other = item(quiz, 'other-user');
    const reveal = other.locator('[data-testid="quiz-reveal"]');
    await reveal.focus();
    await page.keyboard.press('Space');
    await expect(other).toHaveAttribute('data-state', 'revealed');
    const result = other.locator('[data-testid="quiz-result"]');
    await expect(result).toHaveText('The answer: it is –implicitly denied.');
    await expect(result).not.toHaveAttribute('data-correct', /.*/);
    await expect(other.locator('[data-testid="explanation"]')).toContainText(/endpoint/);
    await expect(reveal).toBeFocused();
    await expect(reveal).toHaveAttribute('aria-disabled', 'true');
    await expect(answer(other, 'allowed')).toHaveAttribute('aria-pressed', 'false');
    expect(await leaks(item(quiz, 'specific-user'))).toEqual(NO_LEAK);
    // The rest of the question is reachable by Tab: the explanation, then "Hide the answer".
    const hide = other.locator('[data-testid="quiz-retry"]');
    await expect(hide).toHaveText('Hide the answer');
    await hide.focus();
    await page.keyboard.press('Enter');
    await expect(other).toHaveAttribute('data-state', 'open');
    expect(await leaks(other)).toEqual(NO_LEAK);
    await expect(answer(other, 'allowed')).toBeFocused();
    // Revealing one and answering the other: the score counts the prediction only.
    await reveal.click();
    await answer(item(quiz, 'specific-user'), 'denied').click();
    await expect(quiz.locator('[data-testid="quiz-score"]')).toHaveText('You predicted 0 of 1 right (one shown without a prediction).');
  });

  test('answered questions follow edits; open ones stay hidden; errors hold the decision back', async ({ page }) => {
    const quiz = await openNotes(page);
    const [specific, other] = [item(quiz, 'specific-user'), item(quiz, 'other-user')];
    await answer(other, 'denied').click();
    await expect(other.locator('[data-testid="quiz-result"]')).toHaveAttribute('data-correct', 'true');
    // The endpoint policy names other-user too: it gets through, and the prediction is now wrong.
    const endpoint = quiz.locator('textarea[data-testid="endpoint-policy"]');
    const text = await endpoint.inputValue();
    await replaceText(endpoint, text.replace(`"${arnOf('specific-user')}"`, `["${arnOf('specific-user')}", "${arnOf('other-user')}"]`));
    await expect(other.locator('[data-testid="quiz-decision"]')).toHaveAttribute('data-decision', 'Allowed');
    await expect(other.locator('[data-testid="quiz-result"]')).toHaveAttribute('data-correct', 'false');
    await expect(other.locator('[data-testid="explanation"] .summary')).toContainText('other-user may call');
    expect(await leaks(specific)).toEqual(NO_LEAK);
    // A broken endpoint policy: a diagnostic, and no decision until it is fixed.
    await replaceText(endpoint, '{ "Version": "2012-10-17", ');
    await expect(quiz.locator('[data-testid="diagnostic"]').first()).toContainText(/line \d+/);
    await expect(other.locator('[data-testid="quiz-result"]')).toHaveText('The decision cannot be shown until the policies\' errors are fixed.');
    await expect(other.locator('[data-testid="quiz-decision"]')).toHaveCount(0);
    await expect(other.locator('[data-testid="explanation"]')).toHaveCount(0);
    expect(await leaks(specific)).toEqual(NO_LEAK);
    await replaceText(endpoint, text);
    await expect(other.locator('[data-testid="quiz-result"]')).toHaveAttribute('data-correct', 'true');
    await expect(other.locator('[data-testid="quiz-decision"]')).toHaveAttribute('data-decision', 'ImplicitlyDenied');
  });

  test('options on an author\'s page: every principal, several actions, the default prompt, mount(), mistakes', async ({ page, baseURL }) => {
    const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>quiz page</title><link rel="icon" href="data:,"></head>
<body>
  <div id="all" data-policy-playground data-preset="sagemaker-api-exam" data-actions="${CREATE}" data-quiz data-edit="none"></div>
  <div id="two-actions" data-policy-playground data-preset="sagemaker-api-exam" data-actions="sagemaker:ListModels, ${CREATE}" data-quiz="specific-user" data-theme="dark"></div>
  <div id="typo" data-policy-playground data-preset="sagemaker-api-exam" data-actions="${CREATE}" data-quiz="specfic-user"></div>
  <div id="too-many" data-policy-playground data-preset="sagemaker-api-exam" data-quiz="specific-user"></div>
  <div id="mounted"></div>
  <script type="module" src="widget.js"></script>
</body></html>`;
    await page.route('**/_quiz-page.html', (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
    await page.goto(new URL('_quiz-page.html', baseURL).href);
    // `data-quiz` without names: every principal, with the default prompt.
    const all = page.locator('#all');
    await expect(all).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
    await expect(all.locator('[data-testid="quiz-item"]')).toHaveCount(3);
    expect(await all.locator('[data-testid="quiz-item"]').evaluateAll((els) => els.map((e) => e.dataset.principal))).toEqual([
      'specific-user',
      'other-user',
      'ml-instance-role',
    ]);
    await expect(all.locator('[data-testid="quiz-prompt"]')).toHaveText('Allowed or denied? Predict each decision, then see why.');
    await expect(all.locator('textarea')).toHaveCount(0);
    expect(await leaks(all)).toEqual(NO_LEAK);
    await answer(item(all, 'ml-instance-role'), 'denied').click();
    await expect(item(all, 'ml-instance-role').locator('[data-testid="quiz-result"]')).toHaveAttribute('data-correct', 'true');

    // One principal × two actions, in the catalog's order, in the dark theme.
    const two = page.locator('#two-actions');
    await expect(two).toHaveAttribute('data-ready', 'true');
    expect(await two.locator('[data-testid="quiz-item"]').evaluateAll((els) => els.map((e) => e.dataset.action))).toEqual([
      CREATE,
      'sagemaker:ListModels',
    ]);
    const list = item(two, 'specific-user', 'sagemaker:ListModels');
    await answer(list, 'allowed').click();
    await expect(list.locator('[data-testid="quiz-result"]')).toHaveAttribute('data-correct', 'false');
    await expect(list.locator('[data-testid="explanation"] .summary')).toHaveText(/nothing in the IAM policies allows it/);
    const colours = await list.evaluate((el) => {
      const of = (sel) => getComputedStyle(el.querySelector(sel)).color;
      return { verdict: of('[data-testid="quiz-result"] strong'), decision: of('[data-testid="quiz-decision"]'), root: getComputedStyle(el.closest('.pp-root')).backgroundColor };
    });
    expect(colours).toEqual({ verdict: 'rgb(255, 123, 114)', decision: 'rgb(212, 167, 44)', root: 'rgb(13, 17, 23)' });

    // Mistakes are shown in the host, with the help.
    await expect(page.locator('#typo')).toHaveAttribute('data-error', /.*/);
    await expect(page.locator('#typo')).toHaveText(
      'policy-playground: the quiz asks about `specfic-user`, which is not a principal of the scenario (did you mean `specific-user`?)',
    );
    await expect(page.locator('#too-many')).toHaveText(/^policy-playground: the quiz would ask about 449 cells \(1 principal × 449 actions\); at most 12 \(name fewer actions in `data-actions`, or fewer principals in `data-quiz`\)$/);

    // The JavaScript API: mount(element, {quiz, quizPrompt, ...}).
    const results = await page.evaluate(async () => {
      const { mount } = await import(new URL('playground-web.js', location.href).href);
      const el = document.querySelector('#mounted');
      const ok = mount(el, { preset: 'sagemaker-api-exam', actions: 'sagemaker:CreateTrainingJob', quiz: 'other-user', quizPrompt: 'Can other-user get in?', edit: 'endpoint' });
      const bad = mount(document.createElement('div'), { preset: 'sagemaker-api-exam', actions: 'sagemaker:CreateTrainingJob', quiz: 'nobody' });
      return { ok, bad };
    });
    expect(results.ok).toEqual({ type: 'success' });
    expect(results.bad.type).toBe('failure');
    expect(results.bad.errors[0]).toMatchObject({ code: 'INVALID_ARGUMENT', policy: 'options.quiz' });
    expect(results.bad.errors[0].help).toMatch(/principals are `specific-user`, `other-user` and `ml-instance-role`/);
    const mounted = page.locator('#mounted');
    await expect(mounted.locator('[data-testid="quiz-prompt"]')).toHaveText('Can other-user get in?');
    await answer(mounted, 'denied').click();
    await expect(mounted.locator('[data-testid="quiz-result"]')).toHaveAttribute('data-correct', 'true');
    // One question: no score line.
    await expect(mounted.locator('[data-testid="quiz-score"]')).toHaveCount(0);
  });
});

test("the README's quiz snippet works as written", async ({ page }, testInfo) => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = readme.slice(readme.indexOf('### A quiz')).match(/```html\n([\s\S]*?)```/);
  expect(block, 'an ```html block in the README\'s "A quiz" section').not.toBeNull();
  const name = `_quiz-snippet-${testInfo.workerIndex}.html`;
  const file = path.join(ROOT, 'dist', name);
  fs.writeFileSync(file, `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>quiz</title><link rel="icon" href="data:,"></head>\n<body>\n<script type="module" src="widget.js"></script>\n${block[1]}</body></html>\n`);
  try {
    await page.goto(`/${name}`);
    const widget = page.locator('[data-policy-playground]');
    await expect(widget).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
    await expect(widget.locator('[data-testid="quiz-prompt"]')).toHaveText('Which of them gets through?');
    expect(await widget.locator('[data-testid="quiz-item"]').evaluateAll((els) => els.map((e) => `${e.dataset.principal} ${e.dataset.action}`))).toEqual([
      `specific-user ${CREATE}`,
      `other-user ${CREATE}`,
    ]);
    expect(await leaks(widget)).toEqual(NO_LEAK);
  } finally {
    fs.rmSync(file, { force: true });
  }
});

test.describe("notes.html's exam question", () => {
  const choice = (page, letter) => page.locator(`[data-testid="exam-choice"][value="${letter}"]`);
  const feedback = (page, letter) => page.locator(`[data-testid="exam-feedback"][data-choice="${letter}"]`);

  test('pick two of five: wrong picks get a reason each, the right pair says why, and nothing is given away before', async ({ page }) => {
    await openNotes(page);
    const result = page.locator('[data-testid="exam-result"]');
    await expect(result).toBeEmpty();
    await expect(result).toHaveAttribute('aria-live', 'polite');
    await expect(page.locator('[data-testid="exam-choice"]')).toHaveCount(5);
    // The answer is not on the page before the reader asks.
    await expect(page.locator('article')).not.toContainText('A and B');
    await expect(page.getByRole('group', { name: 'Which two steps should the specialist take? Choose two.' })).toBeVisible();

    // Nothing picked, then three: the question asks for two.
    await page.locator('[data-testid="exam-check"]').click();
    await expect(result).toHaveAttribute('data-verdict', 'incomplete');
    await expect(result).toHaveText('The question asks for two steps; you picked none.');
    for (const l of ['A', 'C', 'E']) await choice(page, l).check();
    await page.locator('[data-testid="exam-check"]').click();
    await expect(result).toHaveText('The question asks for two steps; you picked three.');

    // A and C: one right; C's reason.
    await choice(page, 'E').uncheck();
    await page.locator('[data-testid="exam-check"]').click();
    await expect(result).toHaveAttribute('data-verdict', 'wrong');
    await expect(result.locator('.verdict')).toHaveText('One of your two is right. Try another pick.');
    await expect(page.locator('[data-testid="exam-feedback"]')).toHaveCount(2);
    await expect(feedback(page, 'A')).toHaveAttribute('data-correct', 'true');
    await expect(feedback(page, 'C')).toHaveAttribute('data-correct', 'false');
    await expect(feedback(page, 'C')).toHaveText('C: not one of them. A security group filters by address, port and protocol. It can keep the endpoint to some instances, but it cannot tell two IAM users apart.');

    // D and E: neither, each with its reason.
    for (const l of ['A', 'C']) await choice(page, l).uncheck();
    for (const l of ['D', 'E']) await choice(page, l).check();
    await page.locator('[data-testid="exam-check"]').click();
    await expect(result.locator('.verdict')).toHaveText('Neither of your two is right. Try again.');
    await expect(feedback(page, 'D')).toContainText('whole subnet');
    await expect(feedback(page, 'E')).toContainText('InvokeEndpoint');

    // A and B, by keyboard: Space toggles, Enter on the button checks.
    for (const l of ['D', 'E']) await choice(page, l).uncheck();
    await choice(page, 'A').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(choice(page, 'B')).toBeFocused();
    await page.keyboard.press('Space');
    await expect(choice(page, 'B')).toBeChecked();
    await page.locator('[data-testid="exam-check"]').focus();
    await page.keyboard.press('Enter');
    await expect(result).toHaveAttribute('data-verdict', 'right');
    await expect(result.locator('.verdict')).toHaveText('Right: A and B.');
    await expect(feedback(page, 'A')).toContainText('tell one IAM user from another');
    await expect(feedback(page, 'B')).toContainText('never grants');
    await expect(result).toContainText('See it decided below');
    await expect(page.locator('[data-testid="exam-check"]')).toBeFocused();
    // The page did not navigate (the form is not submitted).
    expect(new URL(page.url()).pathname).toBe('/notes.html');

    // Below it, live: the quiz decides the two users apart.
    const quiz = page.locator('[data-testid="widget-quiz"]');
    await answer(item(quiz, 'specific-user'), 'allowed').click();
    await answer(item(quiz, 'other-user'), 'denied').click();
    await expect(item(quiz, 'specific-user').locator('[data-testid="quiz-decision"]')).toHaveAttribute('data-decision', 'Allowed');
    await expect(item(quiz, 'other-user').locator('[data-testid="quiz-decision"]')).toHaveAttribute('data-decision', 'ImplicitlyDenied');
    await expect(item(quiz, 'other-user').locator('[data-testid="explanation"]')).toContainText('nothing in the VPC endpoint policy allows it');
  });

  test('"Show the answer" explains all five', async ({ page }) => {
    await openNotes(page);
    await choice(page, 'C').check();
    await page.locator('[data-testid="exam-reveal"]').click();
    const result = page.locator('[data-testid="exam-result"]');
    await expect(result).toHaveAttribute('data-verdict', 'revealed');
    await expect(result.locator('.verdict')).toHaveText('The answer: A and B.');
    expect(await page.locator('[data-testid="exam-feedback"]').evaluateAll((els) => els.map((e) => `${e.dataset.choice}=${e.dataset.correct}`))).toEqual([
      'A=true',
      'B=true',
      'C=false',
      'D=false',
      'E=false',
    ]);
    // The reader's picks are left as they were.
    await expect(choice(page, 'C')).toBeChecked();
    await expect(choice(page, 'A')).not.toBeChecked();
  });
});
