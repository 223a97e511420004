import { buildServerEnvironment } from '../../lib/transport/stdio/safe-environment.js';

const source = { HOME: '/home/u', PATH: '/bin', USER: 'u', AWS_SECRET_ACCESS_KEY: 'secret', SHELL: '() { :; }; echo pwned', TERM: 'xterm' };

describe('buildServerEnvironment', () => {
  it('inherits only the allow-list by default, never secrets or shell functions', () => {
    expect(buildServerEnvironment('safe', undefined, source, 'linux')).toEqual({ HOME: '/home/u', PATH: '/bin', USER: 'u', TERM: 'xterm' });
  });

  it('puts the caller env on top, winning over inherited values', () => {
    expect(buildServerEnvironment('safe', { PATH: '/custom', API_KEY: 'k' }, source, 'linux')).toMatchObject({ PATH: '/custom', API_KEY: 'k', HOME: '/home/u' });
  });

  it('supports an explicit list, nothing, or everything', () => {
    expect(buildServerEnvironment(['AWS_SECRET_ACCESS_KEY'], undefined, source, 'linux')).toEqual({ AWS_SECRET_ACCESS_KEY: 'secret' });
    expect(buildServerEnvironment('none', { A: '1' }, source, 'linux')).toEqual({ A: '1' });
    expect(buildServerEnvironment('all', undefined, source, 'linux')).toMatchObject({ AWS_SECRET_ACCESS_KEY: 'secret', PATH: '/bin' });
  });

  it('looks names up case-insensitively on Windows', () => {
    expect(buildServerEnvironment('safe', undefined, { Path: 'C:\\bin', SystemRoot: 'C:\\Windows', SECRET: 'x' }, 'win32')).toEqual({
      PATH: 'C:\\bin',
      SYSTEMROOT: 'C:\\Windows',
    });
  });
});
