import '../console.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';
import { resumeSession } from './state/session';

async function boot(): Promise<void> {
  await initI18n();
  await resumeSession();
  const root = createRoot(document.getElementById('app') ?? document.body);
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
void boot();
