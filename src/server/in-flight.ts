/**
 * Work still running after Slack got its acknowledgement: Bolt's HTTP receiver answers on
 * `ack()` while the listener goes on (opening a modal, queueing a job). Shutdown waits for it,
 * and so can tests that need everything the bot does for a request to be done.
 */
export class InFlightWork {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
