// The network tab (issue 13): the starter network added by its button, its tables edited (a NACL
// rule: number, action, range) with the document following (the JSON editor, the exported file,
// the share link), rows added and removed, private DNS beside the endpoint policy and in the
// endpoint table, a value that cannot apply kept in its field with its reason (and nothing
// applied), broken JSON located, and a principal's workload.
import { test, expect, openPlayground, settledHash } from './fixtures.mjs';

const tab = (page) => page.getByTestId('network-tab');
const json = (page) => page.locator('textarea[data-testid="network-json"]');
const rules = (page, direction) =>
  page.locator(`[data-testid="nacl-rules"][data-direction="${direction}"] [data-testid="nacl-rule"]`);
const rule = (page, direction, n) =>
  page.locator(`[data-testid="nacl-rules"][data-direction="${direction}"] [data-testid="nacl-rule"][data-rule="${n}"]`);
const cell = (page, name) => page.getByRole('textbox', { name, exact: true });
// The network the JSON editor shows, read.
const shown = async (page) => JSON.parse(await json(page).inputValue());

async function withStarterNetwork(page) {
  const h = await openPlayground(page);
  await tab(page).click();
  await expect(tab(page)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('network-panel')).toContainText('no network');
  await page.getByTestId('network-add').click();
  await expect(page.locator('[data-testid="network-workload"][data-workload="notebook"]')).toBeVisible();
  return h;
}

test('network: the starter network; a NACL rule edited in the table shows in the JSON and the exported file', async ({ page }) => {
  await withStarterNetwork(page);
  const notebook = page.locator('[data-testid="network-workload"][data-workload="notebook"]');
  await expect(notebook).toContainText('subnet-private-a');
  await expect(notebook).toContainText('us-east-1a');
  await expect(cell(page, 'security groups of workload notebook')).toHaveValue('sg-notebook');
  // Each direction: rule 100, then the implicit * deny.
  for (const direction of ['inbound', 'outbound']) {
    expect(await rules(page, direction).evaluateAll((rs) => rs.map((r) => r.dataset.rule))).toEqual(['100', '*']);
    await expect(rule(page, direction, '*')).toHaveAttribute('data-action', 'deny');
  }
  await expect(page.locator('[data-testid="interface-endpoint"]')).toContainText('com.amazonaws.us-east-1.sagemaker.api');

  // A new outbound rule, renumbered below 100 (applied when the field is left), denying 10/8.
  await page.getByRole('button', { name: '+ outbound rule in acl-default' }).click();
  await expect(rule(page, 'outbound', '200')).toBeVisible();
  const number = cell(page, 'number of outbound rule 200 of acl-default');
  await number.fill('50');
  await number.press('Tab');
  await expect(rule(page, 'outbound', '50')).toBeVisible();
  expect(await rules(page, 'outbound').evaluateAll((rs) => rs.map((r) => r.dataset.rule))).toEqual(['50', '100', '*']);
  await rule(page, 'outbound', '50').getByRole('combobox').selectOption('deny');
  await expect(rule(page, 'outbound', '50')).toHaveAttribute('data-action', 'deny');
  await cell(page, 'destination range of outbound rule 50 of acl-default').fill('10.0.0.0/8');
  await cell(page, 'ports of outbound rule 50 of acl-default').fill('1024-65535');
  await expect(json(page)).toHaveValue(/"rule": 50/);
  const want = { rule: 50, protocol: 'tcp', ports: '1024-65535', cidr: '10.0.0.0/8', action: 'deny' };
  expect((await shown(page)).nacls[0].outbound).toContainEqual(want);

  // The exported document carries it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const file = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  expect(file.network.nacls[0].outbound).toContainEqual(want);
  expect(file.network.interfaceEndpoints[0].privateDns).toBe(true);

  // A security group rule and a route, added and edited; rows removed.
  await page.getByRole('button', { name: '+ egress rule in sg-notebook' }).click();
  await page.getByRole('combobox', { name: 'peer kind of egress rule 2 of sg-notebook' }).selectOption('group');
  await expect(cell(page, 'peer of egress rule 2 of sg-notebook')).toHaveValue('sg-notebook');
  await cell(page, 'peer of egress rule 2 of sg-notebook').fill('sg-endpoint');
  expect((await shown(page)).securityGroups[0].egress[1]).toEqual({ protocol: 'tcp', ports: '443', group: 'sg-endpoint' });
  await page.getByRole('button', { name: '+ route in rtb-private' }).click();
  await cell(page, 'target of route 1 of rtb-private').fill('igw-0example');
  expect((await shown(page)).routeTables[0].routes).toEqual([{ destination: '0.0.0.0/0', target: 'igw-0example' }]);
  await page.getByRole('button', { name: 'remove route 1 of rtb-private' }).click();
  await page.getByRole('button', { name: 'remove outbound rule 50 of acl-default' }).click();
  await expect(rule(page, 'outbound', '50')).toHaveCount(0);
  const after = await shown(page);
  expect(after.routeTables[0].routes).toEqual([]);
  expect(after.nacls[0].outbound.map((r) => r.rule)).toEqual([100]);
});

test('network: an invalid range or rule number stays in its field with the reason, and nothing is applied', async ({ page }) => {
  await withStarterNetwork(page);
  const range = cell(page, 'source range of inbound rule 100 of acl-default');
  await range.fill('10.0.0.0/33');
  const error = page.getByTestId('network-cell-error');
  await expect(error).toHaveCount(1);
  await expect(error).toContainText('not an IPv4 range');
  await expect(range).toHaveValue('10.0.0.0/33');
  await expect(range).toHaveAttribute('aria-invalid', 'true');
  await expect(range).toHaveAttribute('aria-describedby', await error.getAttribute('id'));
  expect((await shown(page)).nacls[0].inbound[0].cidr).toBe('0.0.0.0/0');
  await range.fill('10.0.0.1/16');
  await expect(error).toContainText('host bits');
  // Another edit elsewhere keeps the text typed here.
  await cell(page, 'ports of inbound rule 100 of acl-default').fill('443');
  await expect(range).toHaveValue('10.0.0.1/16');
  expect((await shown(page)).nacls[0].inbound[0]).toMatchObject({ ports: '443', cidr: '0.0.0.0/0' });
  await range.fill('10.0.0.0/16');
  await expect(error).toHaveCount(0);
  await expect(range).toHaveAttribute('aria-invalid', 'false');
  expect((await shown(page)).nacls[0].inbound[0].cidr).toBe('10.0.0.0/16');

  // Rule numbers: 1 to 32766, once per direction.
  await page.getByRole('button', { name: '+ inbound rule in acl-default' }).click();
  const number = cell(page, 'number of inbound rule 200 of acl-default');
  await number.fill('100');
  await number.press('Tab');
  await expect(error).toContainText('already an inbound rule of acl-default');
  await expect(number).toHaveValue('100');
  await expect(rule(page, 'inbound', '200')).toBeVisible();
  await number.fill('40000');
  await number.press('Tab');
  await expect(error).toContainText('from 1 to 32766');
  expect((await shown(page)).nacls[0].inbound.map((r) => r.rule)).toEqual([100, 200]);
  await number.fill('150');
  await number.press('Tab');
  await expect(error).toHaveCount(0);
  await expect(rule(page, 'inbound', '150')).toBeVisible();

  // Lists of ids name what the network holds.
  const groups = cell(page, 'security groups of endpoint vpce-0a1b2c3d4e5f67890');
  await groups.fill('sg-endpont');
  await expect(error).toContainText('did you mean `sg-endpoint`?');
  await expect(groups).toHaveValue('sg-endpont');
  await groups.fill('sg-endpoint, sg-notebook');
  await expect(error).toHaveCount(0);
  expect((await shown(page)).interfaceEndpoints[0].securityGroups).toEqual(['sg-endpoint', 'sg-notebook']);

  // Broken JSON: located, the network kept; fixed, applied.
  const text = await json(page).inputValue();
  await json(page).fill(text.replace('"sg-notebook"', '"sg-notebook'));
  await expect(page.getByTestId('network-json-error')).toContainText(/line \d+, column \d+/);
  await expect(page.locator('[data-testid="security-group"][data-id="sg-notebook"]')).toBeVisible();
  await json(page).fill(text.replaceAll('"name": "notebook"', '"name": "studio"'));
  await expect(page.getByTestId('network-json-error')).toHaveCount(0);
  await expect(page.locator('[data-testid="network-workload"][data-workload="studio"]')).toBeVisible();
});

test('network: private DNS beside the endpoint policy and in the endpoint table; a principal calls from a workload', async ({ page, freshPage }) => {
  const h = await openPlayground(page);
  await expect(page.getByTestId('private-dns')).toHaveCount(0);
  await page.locator('.principal-details summary').click();
  await expect(page.getByTestId('principal-workload')).toHaveCount(0);
  await tab(page).click();
  await page.getByTestId('network-add').click();

  // The starter endpoint has the endpoint panel's id: one private-dns switch beside its policy.
  const dns = page.locator('input[data-testid="private-dns"]');
  const inTable = page.locator('input[data-testid="network-private-dns"]');
  await expect(dns).toHaveCount(1);
  await expect(dns).toBeChecked();
  await expect(inTable).toBeChecked();
  await dns.uncheck();
  await expect(inTable).not.toBeChecked();
  expect((await shown(page)).interfaceEndpoints[0].privateDns).toBe(false);
  await inTable.check();
  await expect(dns).toBeChecked();
  expect((await shown(page)).interfaceEndpoints[0].privateDns).toBe(true);
  await dns.uncheck();

  // The selected principal calls from the notebook.
  const workload = page.getByTestId('principal-workload');
  await expect(workload).toHaveValue('');
  await workload.selectOption('notebook');
  const selected = await page.locator('[data-testid="principal"][aria-pressed="true"]').getAttribute('data-principal');
  await expect(page.locator('[data-testid="network-workload"][data-workload="notebook"]')).toContainText(selected);
  await expect(page.locator('.principal-details summary')).toContainText('calls from notebook');

  // A share link carries the network and the workload.
  const fragment = await settledHash(page);
  const other = await freshPage(`/${fragment}`);
  await expect(other.locator('input[data-testid="private-dns"]')).not.toBeChecked();
  await other.getByTestId('network-tab').click();
  await expect(other.locator('[data-testid="network-workload"][data-workload="notebook"]')).toContainText(selected);

  // Removed: the switches and the workload go, the button comes back.
  await page.getByTestId('network-remove').click();
  await expect(page.getByTestId('network-add')).toBeVisible();
  await expect(dns).toHaveCount(0);
  await expect(workload).toHaveCount(0);
  await expect(h.matrix).toBeVisible();
});
