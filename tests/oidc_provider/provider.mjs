// A real OpenID provider for the test suite: node-oidc-provider (OpenID Certified), on 127.0.0.1 at a free port.
//
//   node provider.mjs CONFIG.json
//
// CONFIG.json: {"clients": [client metadata, ...], "accounts": "PATH.json"}. The accounts file is read again on every
// login and every claims request, so a test changes someone's groups at the IdP by rewriting it:
//   {"ria": {"password": "...", "claims": {"name": "...", "groups": [...], ...}, "amr": ["pwd", "otp"], "acr": "..."}}
// The first line on stdout is JSON: {"issuer": "http://127.0.0.1:PORT", "kid": "<signing key id>"}.
//
// The only thing written here instead of taken from the library is the interaction: a login form that checks the
// password of a test account, and consent given at once (a municipality's own applications ask no consent).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = () => JSON.parse(readFileSync(config.accounts, 'utf8'));

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>${escape(title)}</title>
</head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };

function loginForm(uid, { error = '', username = '' } = {}) {
  return page('Inloggen bij de test-IdP', `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="username">Gebruikersnaam</label> <input id="username" name="username" value="${escape(username)}">
<label for="password">Wachtwoord</label> <input id="password" name="password" type="password">
<button type="submit">Inloggen bij de IdP</button></form>`);
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(html);
}

let provider;

async function interaction(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const [, , uid, step] = url.pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Onbekende interactie', ''));
  const { prompt, params, session } = details;
  if (req.method === 'GET' && prompt.name === 'consent') {
    // A first-party client: the scopes and claims it asks for are granted without a question.
    const grant = details.grantId ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (req.method === 'GET') return send(res, 200, loginForm(uid));
  if (req.method === 'POST' && step === 'login') {
    const form = await body(req);
    const username = form.get('username') || '';
    const account = accounts()[username];
    if (!account || account.password !== form.get('password')) {
      return send(res, 401, loginForm(uid, { error: 'Onbekende gebruikersnaam of wachtwoord.', username }));
    }
    const login = { accountId: username, amr: account.amr || ['pwd'] };
    if (account.acr) login.acr = account.acr;
    return provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
  }
  return send(res, 405, page('Niet toegestaan', ''));
}

const server = createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => send(res, 500, page('Fout', `<pre>${escape(error.stack)}</pre>`)));
  } else {
    provider.callback()(req, res);
  }
});

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = new Provider(issuer, {
    clients: config.clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true }, // a client that does not send PKCE is refused (RFC 7636; OAuth 2.0 BCP)
    scopes: ['openid', 'profile', 'email', 'groups'],
    acrValues: ['urn:toegang:test:loa:laag', 'urn:toegang:test:loa:substantieel'],
    claims: {
      // how the user authenticated, in the ID token: a second factor (amr, RFC 8176) or a level (acr)
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Uitloggen bij de test-IdP', `${form}<button type="submit" form="op.logoutForm" value="yes"
name="logout">Ja, uitloggen bij de IdP</button>`);
        },
        postLogoutSuccessSource: async (ctx) => { ctx.body = page('Uitgelogd bij de test-IdP', ''); },
      },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      if (!accounts()[sub]) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, ...(accounts()[sub]?.claims || {}) };
        },
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Fout bij de test-IdP', Object.entries(out)
        .map(([key, value]) => `<p>${escape(key)}: ${escape(value)}</p>`).join(''));
    },
  });
  process.stdout.write(`${JSON.stringify({ issuer, kid: signingKey.kid })}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
