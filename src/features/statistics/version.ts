/**
 * A counter that moves whenever this process changes statistics (values, indicators, code
 * lists). Caches of things that only change with such writes (indicator metadata, built
 * answers) are kept per version and dropped when it moves. Answers built from observations are
 * also keyed by the state the database reports (latest change and count), so a change made by
 * another process is seen too.
 */
let version = 0;

export function statisticsVersion(): number {
  return version;
}

/** Called by every service that writes statistics. */
export function statisticsChanged(): void {
  version++;
}
