import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, so "took 3 s"/"at 10:02" stay true. */
export function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
