export type BrowserName = 'chromium' | 'firefox' | 'webkit';
export async function runInBrowser(): Promise<never> { throw new Error('todo'); }
