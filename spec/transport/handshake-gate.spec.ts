import { HandshakeGate } from '../../lib/transport/http/handshake-gate.js';

describe('HandshakeGate', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets requests through at once while open', () => {
    expect(new HandshakeGate().passage()).toBeUndefined();
  });

  it('holds requests from close() until open()', async () => {
    const gate = new HandshakeGate();
    gate.close(2_000);
    let passed = false;
    const waiting = gate.passage()!.then(() => (passed = true));
    await Promise.resolve();
    expect(passed).toBe(false);
    gate.open();
    await waiting;
    expect(passed).toBe(true);
    expect(gate.passage()).toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('opens by itself after the bound, so a GET that is never answered costs a delay only', async () => {
    const gate = new HandshakeGate();
    gate.close(2_000);
    const waiting = gate.passage()!;
    jest.advanceTimersByTime(1_999);
    expect(gate.passage()).toBe(waiting);
    jest.advanceTimersByTime(1);
    await waiting;
    expect(gate.passage()).toBeUndefined();
  });

  it('closing twice keeps the first wait', () => {
    const gate = new HandshakeGate();
    gate.close(2_000);
    const first = gate.passage();
    gate.close(5_000);
    expect(gate.passage()).toBe(first);
    gate.open();
  });
});
