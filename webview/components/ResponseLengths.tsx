import type { Distribution } from '../../src/core/stats';
import { formatCount } from '../format';

const COLUMNS: Array<[keyof Distribution, string]> = [
  ['count', 'Responses'],
  ['min', 'Min'],
  ['p50', 'Median'],
  ['p90', 'p90'],
  ['p99', 'p99'],
  ['max', 'Max'],
  ['mean', 'Mean'],
];

/** The response length distribution (characters), with a bar per quantile relative to the maximum. */
export function ResponseLengths({ distribution }: { distribution: Distribution | null }) {
  return (
    <section aria-labelledby="lengths-heading">
      <h2 id="lengths-heading">Response length (characters)</h2>
      {distribution === null ? (
        <p className="note">No sample has a response.</p>
      ) : (
        <>
          <table className="counts" data-testid="response-lengths">
            <thead>
              <tr>
                {COLUMNS.map(([key, label]) => (
                  <th scope="col" key={key} className="num">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {COLUMNS.map(([key]) => (
                  <td key={key} className="num">
                    {formatCount(distribution[key])}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <div className="bars" aria-hidden="true">
            {(['min', 'p50', 'p90', 'p99', 'max'] as const).map((key) => (
              <div className="bar-row" key={key}>
                <span className="bar-label">{key === 'p50' ? 'median' : key}</span>
                <span className="bar">
                  {/* Width through the CSSOM (React's style prop), which the CSP allows; no inline style markup. */}
                  <span className="bar-fill" style={{ width: `${(100 * distribution[key]) / Math.max(1, distribution.max)}%` }} />
                </span>
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
