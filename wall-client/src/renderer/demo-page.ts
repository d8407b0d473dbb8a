/**
 * The demo page (`/wall/demo.html`): both reference walls at once, one iframe per screen, so a
 * single browser shows what 36 kiosks would. Screens are placed by URL (demo auto-pairing).
 * The canvas renderer is used because a page gets only ~16 WebGL contexts.
 */
const WALLS = [
  { id: 'monitoring', name: 'Monitoring room (9 x 3)', cols: 9, rows: 3 },
  { id: 'command', name: 'Command room (3 x 3)', cols: 3, rows: 3 },
];

function mount(root: HTMLElement): void {
  const width = Math.max(120, Math.floor((window.innerWidth - 64) / 9));
  const height = Math.round((width * 9) / 16);
  for (const wall of WALLS) {
    const title = document.createElement('h2');
    title.textContent = wall.name;
    const grid = document.createElement('div');
    grid.className = 'wall';
    grid.style.gridTemplateColumns = `repeat(${wall.cols}, ${width}px)`;
    for (let row = 0; row < wall.rows; row++) {
      for (let col = 0; col < wall.cols; col++) {
        const frame = document.createElement('iframe');
        frame.width = String(width);
        frame.height = String(height);
        frame.title = `${wall.id} ${col},${row}`;
        frame.src = `./?wall=${wall.id}&col=${col}&row=${row}&renderer=canvas&fps=15`;
        grid.appendChild(frame);
      }
    }
    root.append(title, grid);
  }
}

mount(document.getElementById('walls')!);
