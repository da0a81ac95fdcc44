/**
 * Who may call the OpenAI family's routes, and Azure's answers before any validation: the auth
 * check (Bearer, or Azure's api-key), the api-version every dated Azure URL needs, and the 400
 * Azure gives a prompt its content filter blocks.
 */
import type { FaultAnswer, SimRequest, SimResponder } from '../../responder.js';
import { openaiErrorBody } from './errors.js';
import { flavorRules, isAzureRequest } from './flavors.js';

/**
 * Auth check: Bearer for OpenAI-style flavors, api-key (or Bearer) for Azure; 401 otherwise.
 * Local servers (Ollama, vLLM without --api-key, LM Studio, generic compat) need no key.
 */
export function authorized(req: SimRequest, res: SimResponder): boolean {
  const azure = isAzureRequest(req.flavor, req.path);
  const bearer = req.headers.authorization;
  if (flavorRules(req.flavor).keyOptional && bearer === undefined) return true;
  const ok = azure ? typeof req.headers['api-key'] === 'string' || /^Bearer \S+/.test(bearer ?? '') : /^Bearer \S+/.test(bearer ?? '');
  if (ok) return true;
  if (azure) {
    res.json(401, {
      error: {
        code: '401',
        message:
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      },
    });
  } else {
    res.json(
      401,
      openaiErrorBody(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      ),
    );
  }
  return false;
}

/** Azure's 400 for a prompt its content filter blocked (scenario fault=content_filter). */
export function azureFilteredPrompt(): FaultAnswer {
  return {
    status: 400,
    body: {
      error: {
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: {
            hate: { filtered: true, severity: 'high' },
            self_harm: { filtered: false, severity: 'safe' },
            sexual: { filtered: false, severity: 'safe' },
            violence: { filtered: false, severity: 'safe' },
          },
        },
      },
    },
  };
}

/** Dated Azure deployment URLs need ?api-version; without it Azure answers 404. */
export function azureVersionOk(req: SimRequest, res: SimResponder): boolean {
  if (!req.path.startsWith('/openai/deployments/')) return true;
  if (req.query.get('api-version')) return true;
  res.json(404, { error: { code: '404', message: 'Resource not found' } });
  return false;
}
