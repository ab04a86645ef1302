// Placeholder; the Electron host work replaces this.
export {}
