// Results for the site's tests: two adapters, one of them named and failing with values
// an attacker would choose, so every page must show them as text.
import type { RunReport } from '../conformance/report/results.ts';

export const XSS_SCRIPT = '<script>window.__xss = 1</script>';
export const XSS_IMG = '<img src=x onerror="window.__xss = 2">';
export const XSS_ADAPTER = `evil${XSS_IMG}`;
export const FAILING_RULE = 'CHAN-FLAVOR-2';

export function fixtureReport(): RunReport {
  return {
    tool: 'syncspec',
    version: '0.1.0',
    seed: 42,
    adapters: [
      {
        name: 'good',
        library: 'good-lib',
        version: '1.0.0',
        executor: 'async',
        results: [
          { rule: 'CHAN-FLAVOR-1', status: 'pass', runs: 10, durationMs: 3 },
          { rule: FAILING_RULE, status: 'pass', runs: 10, durationMs: 3 },
          { rule: 'MUTEX-POISON-1', status: 'n/a', runs: 0, durationMs: 0 },
        ],
      },
      {
        name: XSS_ADAPTER,
        library: `lib${XSS_SCRIPT}`,
        version: `1.0${XSS_SCRIPT}`,
        executor: 'async',
        results: [
          { rule: 'CHAN-FLAVOR-1', status: 'pass', runs: 10, durationMs: 3 },
          {
            rule: FAILING_RULE,
            status: 'fail',
            runs: 7,
            durationMs: 5,
            message: `the value ${XSS_SCRIPT} came back`,
            counterexample: {
              check: `bounded sends ${XSS_IMG}`,
              scenario: `let tx, rx = sync_channel(1)\nA: tx.send("${XSS_SCRIPT}")`,
              timeline: `main │ A\n${XSS_IMG}`,
              diagnosis: `No linearization explains ${XSS_SCRIPT}`,
              executor: 'async',
              history: {
                ops: [
                  { id: 0, actor: 'main', call: 'tx.send(1)', invoked: 1, returned: 2, result: 'Ok' },
                  { id: 1, actor: 'A', call: `tx.send("${XSS_SCRIPT}")`, invoked: 3, returned: 6, result: 'Ok' },
                  { id: 2, actor: 'B', call: 'rx.recv()', invoked: 4, returned: 5, result: `Ok("${XSS_IMG}")` },
                  { id: 3, actor: 'B', call: 'rx.recv()', invoked: 7 },
                ],
                marked: [{ op: 2, observed: `Ok("${XSS_IMG}")`, allowed: ['Ok(1)'], note: `the model allows Ok(1), not ${XSS_IMG}` }],
                stoppedAt: 5,
              },
            },
            replay: `token${XSS_SCRIPT}`,
          },
          { rule: 'CHAN-RDV-4', status: 'error', runs: 1, durationMs: 1, message: `adapter threw ${XSS_IMG}` },
        ],
      },
    ],
  };
}
