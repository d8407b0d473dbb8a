/**
 * At most one call per `intervalMs`, and always the latest value last: a dragged bezel slider
 * sends a few PATCHes a second, and where the user let go is what the wall ends up with.
 */
export function createThrottle<T>(send: (value: T) => void, intervalMs: number, now: () => number = Date.now) {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const fire = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = now();
    send(value);
  };

  return {
    push(value: T): void {
      pending = { value };
      if (timer) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    /** Sends a waiting value now (e.g. when the slider is let go). */
    flush(): void {
      if (timer) clearTimeout(timer);
      fire();
    },
    cancel(): void {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
