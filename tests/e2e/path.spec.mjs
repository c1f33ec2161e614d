// The network path in the grid and the explanation (issue 13): principals grouped under the
// workload they call from, calls that never arrive marked Unreachable, and the path of the
// selected cell drawn hop by hop (pass or block), a network hop showing the rules it read.
import { readFileSync } from 'node:fs';
import { test, expect, openPlayground, expectDecision, arnOf } from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';
const ENDPOINT = 'vpce-0a1b2c3d4e5f67890';
const IAM = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }] });

// bench/network.json's VPC (the notebook reaches the SageMaker API endpoint), plus a batch host
// whose security group lets nothing out on 443.
function scenario({ privateDns = true } = {}) {
  const network = JSON.parse(readFileSync(new URL('../../bench/network.json', import.meta.url), 'utf8'));
  network.securityGroups.push({ id: 'sg-batch', egress: [{ protocol: 'tcp', ports: '5432', cidr: '10.0.0.0/16' }] });
  network.workloads.push({ name: 'batch-host', subnet: 'subnet-private-a', securityGroups: ['sg-batch'], privateIp: '10.0.1.60' });
  network.interfaceEndpoints[0].privateDns = privateDns;
  // HTTPS out to anywhere too (bench/network.json lets the notebook reach only the endpoint's
  // security group, which would stop its calls to the public endpoint at its own group).
  network.securityGroups[0].egress.push({ protocol: 'tcp', ports: '443', cidr: '0.0.0.0/0' });
  const principal = (name, workload) => ({ name, arn: arnOf(name), policies: [{ name: 'sagemaker', text: IAM }], workload });
  return {
    version: 2,
    title: 'network path test',
    endpoints: [{
      id: ENDPOINT, endpointType: 'Interface', service: 'com.amazonaws.us-east-1.sagemaker.api',
      policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: arnOf('specific-user') }, Action: '*', Resource: '*' }] }),
    }],
    principals: [principal('specific-user', 'notebook'), principal('other-user', 'notebook'), principal('batch-user', 'batch-host'), principal('desk-user', '')],
    actions: `${CREATE}, sagemaker:ListModels`,
    network,
  };
}

async function open(page, doc) {
  const h = await openPlayground(page);
  await page.getByTestId('import-file').setInputFiles({ name: 'net.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect(page.getByTestId('import-done')).toContainText('net.json');
  return h;
}

const hop = (page, name) => page.locator(`[data-testid="path"] [data-hop="${name}"]`);

test('workloads group the grid; a call stopped by a security group is Unreachable and its path says where', async ({ page }) => {
  const h = await open(page, scenario());
  await expect(page.locator('[data-testid="workload"][data-workload="notebook"]')).toBeVisible();
  await expect(page.locator('[data-testid="workload"][data-workload="batch-host"]')).toBeVisible();
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
  await expectDecision(page, 'other-user', CREATE, 'ImplicitlyDenied');
  await expectDecision(page, 'batch-user', CREATE, 'Unreachable');
  await expect(h.cell('batch-user', CREATE)).toContainText('unreachable: SG');
  // Without a workload, the context's checkbox still routes the call.
  await expectDecision(page, 'desk-user', CREATE, 'ImplicitlyDenied');

  // The notebook's call: every network hop passes, then the endpoint policy lets only
  // specific-user through.
  await h.cell('specific-user', CREATE).click();
  for (const name of ['dns', 'route', 'security-group-egress', 'nacl-outbound', 'endpoint-security-group', 'return', 'endpoint-policy', 'identity']) {
    await expect(hop(page, name), name).toHaveAttribute('data-state', 'pass');
  }
  await h.cell('other-user', CREATE).click();
  await expect(hop(page, 'endpoint-policy')).toHaveAttribute('data-state', 'block');
  await expect(hop(page, 'identity')).toHaveAttribute('data-state', 'pass');

  // The batch host's call stops at its security group: no policy hop, and the hop's rules show.
  await h.cell('batch-user', CREATE).click();
  await expect(hop(page, 'security-group-egress')).toHaveAttribute('data-state', 'block');
  await expect(page.locator('[data-testid="path"] [data-hop]')).toHaveCount(3);
  await expect(hop(page, 'endpoint-policy')).toHaveCount(0);
  await expect(h.explanation).toContainText('never reaches AWS');
  await hop(page, 'security-group-egress').getByRole('button').click();
  await expect(page.getByTestId('hop-rules')).toContainText('sg-batch · tcp · port 5432 · to 10.0.0.0/16');
});

test('private DNS off: every call leaves through the NAT gateway and the endpoint policy drops out of the path', async ({ page }) => {
  const h = await open(page, scenario({ privateDns: false }));
  // No endpoint policy on the way: other-user's IAM policy alone decides.
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  await h.cell('other-user', CREATE).click();
  await expect(hop(page, 'dns')).toHaveAttribute('data-code', 'PUBLIC_DNS_PRIVATE_DNS_OFF');
  await expect(hop(page, 'endpoint-policy')).toHaveCount(0);
  await expect(hop(page, 'identity')).toHaveAttribute('data-state', 'pass');
});

// Issue 13's "done when", as a newcomer would do it: open sagemaker-network, see the notebook's
// CreateTrainingJob allowed, the batch host's stopped at its security group and the legacy VM's
// at its network ACL (the return traffic), then turn private DNS off and watch every call that
// arrives leave through the NAT gateway, the endpoint policy gone from the path.
test('sagemaker-network: the notebook allowed, the batch host and the legacy VM stopped, private DNS off bypasses the endpoint policy', async ({ page }) => {
  const h = await openPlayground(page);
  await h.preset.selectOption('sagemaker-network');
  for (const w of ['notebook', 'batch-host', 'legacy-vm']) {
    await expect(page.locator(`[data-testid="workload"][data-workload="${w}"]`)).toBeVisible();
  }
  await expectDecision(page, 'notebook-role', CREATE, 'Allowed');
  await expectDecision(page, 'other-user', CREATE, 'ImplicitlyDenied');
  await expectDecision(page, 'batch-role', CREATE, 'Unreachable');
  await expectDecision(page, 'legacy-role', CREATE, 'Unreachable');

  await h.cell('notebook-role', CREATE).click();
  await expect(hop(page, 'endpoint-policy')).toHaveAttribute('data-state', 'pass');
  await expect(hop(page, 'identity')).toHaveAttribute('data-state', 'pass');
  await h.cell('batch-role', CREATE).click();
  await expect(hop(page, 'security-group-egress')).toHaveAttribute('data-state', 'block');
  await h.cell('legacy-role', CREATE).click();
  await expect(hop(page, 'return')).toHaveAttribute('data-state', 'block');
  await hop(page, 'return').getByRole('button').click();
  await expect(page.getByTestId('hop-rules').locator('li.decided')).toHaveCount(1);

  // Private DNS off: the endpoint's name resolves publicly, calls go over NAT.
  const dns = page.locator('input[data-testid="private-dns"]');
  await expect(dns).toBeChecked();
  await dns.uncheck();
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  await expectDecision(page, 'notebook-role', CREATE, 'Allowed');
  await h.cell('notebook-role', CREATE).click();
  await expect(hop(page, 'dns')).toHaveAttribute('data-code', 'PUBLIC_DNS_PRIVATE_DNS_OFF');
  await expect(hop(page, 'endpoint-policy')).toHaveCount(0);
  await expect(hop(page, 'identity')).toHaveAttribute('data-state', 'pass');
  await expectDecision(page, 'batch-role', CREATE, 'Unreachable');
  await expectDecision(page, 'legacy-role', CREATE, 'Unreachable');
  // The preset's expectation that other-user stays out now fails, and says so.
  await expect(page.locator('[data-testid="expectation"][data-state="fail"]')).toHaveCount(1);
});
