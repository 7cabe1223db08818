/**
 * Language-independent valences for emoji and ASCII emoticons, on VADER's
 * −4…+4 scale. Original work for Sentir (hand-assigned, not derived from any
 * published emoji-sentiment dataset).
 *
 * Ambiguous ones are deliberately weak: 😂/🤣 are often sarcastic in
 * complaints ("otra vez sin internet 😂"), 🔥 can mean "great" or "burning".
 * 🐢/🐌 are negative because for an ISP they almost always mean "slow".
 */
const EMOJI_GROUPS: ReadonlyArray<readonly [number, string]> = [
  [3.0, '😍 🥰 🤩 ❤ 💖 💕 💞 💘 💗 💓'],
  [2.6, '🥳 🎉 😘 💙 💚 💛 💜 🧡 🤍'],
  [2.2, '😊 😄 🙌 👌 😁 😃 😀 🤗 👏 💯'],
  [2.0, '👍 😆 😚 😋 🌟 🎊'],
  [1.6, '😎 💪 😇 ⭐ ✅ 🤝 😙 😌'],
  [1.2, '🙂 🙏 😉 😛 😜 😝 ✨ 🔥 🆗 🤪'],
  [1.0, '😂 🤣 😅 😗'],
  [-0.5, '😐 🤷 😶 😈'],
  [-1.0, '😑 😬 🥺 😪 😴 😷'],
  [-1.3, '🐢 🐌 😕 ⚠ 😓'],
  [-1.7, '🙁 😒 🙄 😟 😥 😔 ❌ 🤦'],
  [-2.1, '😞 ☹ 😣 😖 😢 😰 😨 🤡 👿'],
  [-2.5, '😫 😩 😭 😤 😱 👎 💩 🤢 💔'],
  [-3.0, '😠 😡 🤮'],
  [-3.4, '🤬 🖕'],
];

const EMOTICON_GROUPS: ReadonlyArray<readonly [number, string]> = [
  [2.5, '<3'],
  [2.3, ':D :-D =D'],
  [2.0, ':) :-) =) (: :] :3'],
  [1.0, ';) ;-) :P :-P :p'],
  [-0.5, ':| :-|'],
  [-1.2, ':/ :-/ :\\ :s :S'],
  [-2.0, ':( :-( =( ): :[ :c'],
  [-2.4, ":'( :'-( </3"],
  [-2.8, '>:( >:-( :@'],
];

function fromGroups(groups: ReadonlyArray<readonly [number, string]>): Map<string, number> {
  const map = new Map<string, number>();
  for (const [valence, items] of groups) {
    for (const item of items.split(' ')) map.set(item, valence);
  }
  return map;
}

/** Valence by emoji (base code point, without variation selector or skin tone). */
export const EMOJI_VALENCE: ReadonlyMap<string, number> = fromGroups(EMOJI_GROUPS);

/** Valence by ASCII emoticon, as written. */
export const EMOTICON_VALENCE: ReadonlyMap<string, number> = fromGroups(EMOTICON_GROUPS);
