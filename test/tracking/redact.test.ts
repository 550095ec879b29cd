import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactUris, scrubSecrets, secretValues } from '../../src/tracking/redact.js';

describe('redact', () => {
  it('removes user and password from URIs anywhere in a message', () => {
    assert.equal(
      redactUris('POST https://alice:s3cr3t@mlflow.example.org/api failed; retry http://bob@h:5000/x'),
      'POST https://***@mlflow.example.org/api failed; retry http://***@h:5000/x',
    );
  });

  it('leaves URIs without credentials alone', () => {
    assert.equal(redactUris('http://127.0.0.1:5000/api/2.0'), 'http://127.0.0.1:5000/api/2.0');
  });

  it('masks the secret env values, their URL encoding and the Basic header value', () => {
    const env = {
      MLFLOW_TRACKING_USERNAME: 'alice',
      MLFLOW_TRACKING_PASSWORD: 'p@ss word!',
      MLFLOW_TRACKING_TOKEN: 'tok-123456',
    };
    const secrets = secretValues(env);
    const basic = Buffer.from('alice:p@ss word!').toString('base64');
    const text = `pw=p@ss word! enc=${encodeURIComponent('p@ss word!')} hdr=Basic ${basic} bearer tok-123456`;
    const out = scrubSecrets(text, secrets);
    assert.equal(out, 'pw=*** enc=*** hdr=Basic *** bearer ***');
  });

  it('ignores secrets too short to mask safely', () => {
    assert.deepEqual(secretValues({ MLFLOW_TRACKING_TOKEN: 'ab' }), []);
  });
});
