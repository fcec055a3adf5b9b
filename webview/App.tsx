import { useEffect, useState } from 'react';
import type { HostToWebview } from '../src/protocol/statsView';
import { StatsView } from './components/StatsView';
import type { HostApi } from './hostApi';

type Snapshot = Extract<HostToWebview, { type: 'stats' }>;

/** Subscribes to the host, then says `ready`; renders the latest snapshot. */
export function App({ api }: { api: HostApi }) {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  useEffect(() => {
    const unsubscribe = api.subscribe((message) => {
      switch (message.type) {
        case 'stats':
          setSnapshot(message);
          break;
      }
    });
    api.post({ type: 'ready' });
    return unsubscribe;
  }, [api]);

  if (!snapshot) {
    return (
      <main className="waiting" aria-busy="true">
        <span className="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Loading statistics…
      </main>
    );
  }
  return <StatsView fileName={snapshot.fileName} stats={snapshot.stats} onOpenLine={(line) => api.post({ type: 'openLine', line })} />;
}
