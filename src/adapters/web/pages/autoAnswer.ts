import type { AutoAnswerView } from "../adminActions.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField } from "../layout.js";

/**
 * Channels where the bot answers without being asked, each with a switch
 * off, and a form to switch it on in another; "not set up" where the bot
 * keeps no such settings. The operator names the community too.
 */
export function autoAnswerPage(channels: readonly AutoAnswerView[] | undefined, csrfToken: string, operator: boolean): SafeHtml {
  if (channels === undefined) return html`<p>Auto-answer is not set up on this bot yet.</p>`;
  const list =
    channels.length === 0
      ? html`<p>Auto-answer is off in every channel.</p>`
      : html`<table>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Threshold</th>
              <th scope="col">Since</th>
              <th scope="col"><span class="muted">Switch</span></th>
            </tr>
          </thead>
          <tbody>
            ${channels.map(
              (c) =>
                html`<tr>
                  <td>${c.channelId}${operator ? html`<br /><span class="muted">${c.communityKey}</span>` : ""}</td>
                  <td>${c.threshold ?? "default"}</td>
                  <td>${c.enabledAt.toISOString().slice(0, 10)}</td>
                  <td>
                    <form method="post" action="/admin/auto/off">
                      ${csrfField(csrfToken)}<input type="hidden" name="communityKey" value="${c.communityKey}" /><input
                        type="hidden"
                        name="channelId"
                        value="${c.channelId}"
                      /><button type="submit" class="secondary">Switch off</button>
                    </form>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>`;
  return html`<section aria-labelledby="auto-on">
      <h2 id="auto-on">Where it is on</h2>
      ${list}
    </section>
    <section aria-labelledby="auto-new">
      <h2 id="auto-new">Switch it on in a channel</h2>
      <form method="post" action="/admin/auto/on">
        ${csrfField(csrfToken)}
        ${
          operator
            ? html`<label for="auto-community">Community (discord:&lt;server id&gt; or telegram:&lt;group id&gt;)</label
                ><input type="text" id="auto-community" name="communityKey" required />`
            : ""
        }
        <label for="auto-channel">Channel id (Discord channel, or the Telegram group's id)</label
        ><input type="text" id="auto-channel" name="channelId" required inputmode="numeric" pattern="-?[0-9]{1,20}" />
        <label for="auto-threshold">Threshold, 0 to 1 (empty: the bot's default)</label
        ><input type="text" id="auto-threshold" name="threshold" inputmode="decimal" />
        <button type="submit">Switch on</button>
      </form>
    </section>`;
}
