import { ConfigReader } from '@backstage/config';
import { readJobLogsConfig } from './readJobLogsConfig';

describe('readJobLogsConfig', () => {
  it('defaults to 5 MiB per job and 30 days', () => {
    expect(readJobLogsConfig(new ConfigReader({}))).toEqual({
      maxBytesPerJob: 5 * 1024 * 1024,
      retentionDays: 30,
    });
  });

  it('reads berth.workflows.logs', () => {
    expect(
      readJobLogsConfig(
        new ConfigReader({
          berth: {
            workflows: { logs: { maxBytesPerJob: 65536, retentionDays: 7 } },
          },
        }),
      ),
    ).toEqual({ maxBytesPerJob: 65536, retentionDays: 7 });
  });

  it('refuses values out of range, naming the key', () => {
    expect(() =>
      readJobLogsConfig(
        new ConfigReader({
          berth: { workflows: { logs: { retentionDays: 0 } } },
        }),
      ),
    ).toThrow(/berth.workflows.logs.retentionDays must be a number from 1/);
    expect(() =>
      readJobLogsConfig(
        new ConfigReader({
          berth: { workflows: { logs: { maxBytesPerJob: 10 } } },
        }),
      ),
    ).toThrow(/maxBytesPerJob must be a number from 1024/);
  });
});
