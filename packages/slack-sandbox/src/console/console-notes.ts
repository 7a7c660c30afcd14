/**
 * What the console shows a person beside the workspace's own messages: the slash commands they
 * typed (Slack keeps those out of the channel, but someone reading the page or its screenshots
 * wants to see them), Slackbot's notices when something went wrong between Slack and the app,
 * and the error banner Slack puts on a modal whose submission failed.
 */
export interface ConsoleNote {
  kind: 'command' | 'notice';
  /** The person who sees it. */
  userId: string;
  channelId: string;
  /** A workspace timestamp, so that the note sorts among the messages. */
  ts: string;
  text: string;
}

const MAX_NOTES = 500;

/** The notes, per person, in the order they were made. Kept in memory only. */
export class ConsoleNotes {
  private readonly notes: ConsoleNote[] = [];
  private readonly viewProblems = new Map<string, { viewId: string; text: string }>();
  private readonly listeners = new Set<() => void>();

  add(note: ConsoleNote): ConsoleNote {
    this.notes.push(note);
    if (this.notes.length > MAX_NOTES) this.notes.splice(0, this.notes.length - MAX_NOTES);
    this.emit();
    return note;
  }

  /** Takes a note back: the command it shows never reached the app. */
  remove(note: ConsoleNote): void {
    const index = this.notes.indexOf(note);
    if (index < 0) return;
    this.notes.splice(index, 1);
    this.emit();
  }

  for(userId: string, channelId: string): ConsoleNote[] {
    return this.notes.filter((note) => note.userId === userId && note.channelId === channelId);
  }

  /** Shows `text` on the person's modal `viewId` until it is cleared or another view is on top. */
  setViewProblem(userId: string, viewId: string, text: string | undefined): void {
    const before = this.viewProblems.get(userId);
    if (text === undefined) {
      if (before === undefined) return;
      this.viewProblems.delete(userId);
    } else {
      this.viewProblems.set(userId, { viewId, text });
    }
    this.emit();
  }

  viewProblem(userId: string, viewId: string): string | undefined {
    const problem = this.viewProblems.get(userId);
    return problem?.viewId === viewId ? problem.text : undefined;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
