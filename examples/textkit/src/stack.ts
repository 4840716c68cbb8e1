/** A last-in, first-out stack. */
export class Stack<T> {
  private readonly items: T[] = [];

  /** Puts an item on top of the stack and returns the new size. */
  push(item: T): number {
    this.items.push(item);
    return this.items.length;
  }

  /** Removes and returns the top item; throws on an empty stack. */
  pop(): T {
    if (this.items.length === 0) throw new Error('pop from an empty stack');
    return this.items.pop()!;
  }

  /** The top item without removing it, or undefined when the stack is empty. */
  peek(): T | undefined {
    return this.items[this.items.length - 1];
  }

  get size(): number {
    return this.items.length;
  }
}
