import {
  eraOf,
  highestMutualVersion,
  isLegacyProtocolVersion,
  isModernProtocolVersion,
  LATEST_LEGACY_PROTOCOL_VERSION,
  LATEST_MODERN_PROTOCOL_VERSION,
  LEGACY_PROTOCOL_VERSIONS,
} from '../../lib/protocol/versions.js';

describe('protocol versions', () => {
  it('lists both eras, newest first', () => {
    expect(LEGACY_PROTOCOL_VERSIONS).toEqual(['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']);
    expect(LATEST_LEGACY_PROTOCOL_VERSION).toBe('2025-11-25');
    expect(LATEST_MODERN_PROTOCOL_VERSION).toBe('2026-07-28');
  });

  it('classifies versions by era', () => {
    expect(isModernProtocolVersion('2026-07-28')).toBe(true);
    expect(isModernProtocolVersion('2025-11-25')).toBe(false);
    expect(isLegacyProtocolVersion('2024-11-05')).toBe(true);
    expect(isLegacyProtocolVersion('2030-01-01')).toBe(false);
    expect(eraOf('2026-07-28')).toBe('modern');
    expect(eraOf('2025-06-18')).toBe('legacy');
  });

  it('picks the newest version both sides list', () => {
    expect(highestMutualVersion(LEGACY_PROTOCOL_VERSIONS, ['2024-11-05', '2025-06-18'])).toBe('2025-06-18');
    expect(highestMutualVersion(LEGACY_PROTOCOL_VERSIONS, ['2030-01-01'])).toBeUndefined();
  });
});
