import { compareLabels, formatCount } from '../format';

/** Sample counts per task (rows) and difficulty (columns), with totals. */
export function TaskDifficultyTable({ counts }: { counts: Record<string, Record<string, number>> }) {
  const tasks = Object.keys(counts).sort(compareLabels);
  const difficulties = [...new Set(tasks.flatMap((t) => Object.keys(counts[t] ?? {})))].sort(compareLabels);
  const cell = (task: string, difficulty: string) => counts[task]?.[difficulty] ?? 0;
  const rowTotal = (task: string) => difficulties.reduce((n, d) => n + cell(task, d), 0);
  const columnTotal = (difficulty: string) => tasks.reduce((n, t) => n + cell(t, difficulty), 0);
  const total = tasks.reduce((n, t) => n + rowTotal(t), 0);

  return (
    <section aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Samples by task and difficulty</h2>
      {tasks.length === 0 ? (
        <p className="note">No samples.</p>
      ) : (
        <div className="table-scroll">
          <table className="counts" data-testid="task-difficulty">
            <thead>
              <tr>
                <th scope="col">Task</th>
                {difficulties.map((d) => (
                  <th scope="col" key={d} className="num">
                    {d}
                  </th>
                ))}
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task}>
                  <th scope="row">{task}</th>
                  {difficulties.map((d) => {
                    const n = cell(task, d);
                    return (
                      <td key={d} className={n === 0 ? 'num zero' : 'num'}>
                        {n === 0 ? '·' : formatCount(n)}
                      </td>
                    );
                  })}
                  <td className="num total">{formatCount(rowTotal(task))}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                {difficulties.map((d) => (
                  <td key={d} className="num total">
                    {formatCount(columnTotal(d))}
                  </td>
                ))}
                <td className="num total">{formatCount(total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
