import type { DatasetStats } from '../../src/core/stats';
import { formatCount, percent } from '../format';

/** Verdicts, scores or rewards already stored in the rows, per field. */
export function StoredVerdicts({ verdicts }: { verdicts: DatasetStats['storedVerdicts'] }) {
  const fields = Object.entries(verdicts).sort((a, b) => a[0].localeCompare(b[0]));
  return (
    <section aria-labelledby="verdicts-heading">
      <h2 id="verdicts-heading">Stored verdicts</h2>
      {fields.length === 0 ? (
        <p className="note">No row stores a verdict, score or reward.</p>
      ) : (
        <table className="counts" data-testid="stored-verdicts">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col" className="num">
                Pass
              </th>
              <th scope="col" className="num">
                Fail
              </th>
              <th scope="col" className="num">
                Unreadable
              </th>
              <th scope="col" className="num">
                Pass rate
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map(([field, v]) => (
              <tr key={field}>
                <th scope="row">
                  <code>{field}</code>
                </th>
                <td className="num">{formatCount(v.pass)}</td>
                <td className="num">{formatCount(v.fail)}</td>
                <td className="num">{formatCount(v.unreadable)}</td>
                <td className="num">{percent(v.pass, v.pass + v.fail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
