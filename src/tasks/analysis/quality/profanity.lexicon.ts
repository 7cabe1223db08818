/**
 * Short curated profanity lists (Spanish incl. Rioplatense and Paraguayan
 * usage, a few Guarani/Jopara insults, English). Written for Sentir by the
 * project team; ships under the project's licence.
 *
 * Entries are folded at load (no case, no accents) and matched on whole
 * words, so "computadora" never hits "puta" and "Scunthorpe" never hits its
 * inner word. A `*` stem only extends to the right ("fuck*" → "fucking").
 * Deliberately left out because folding or other senses make them ambiguous
 * in ISP comments: "coño" (folds to "cono", cone), "concha" (shell), "forro"
 * (phone case), "retrasado" (delayed), "coger" (to take, in Spain),
 * "estúpido"/"stupid" (usually aimed at a device), mild "damn"/"hell"/"crap".
 */

export const ES_PROFANITY = `
mierda, mierdas, mierdoso, mrd, puta, putas, puto, putos, putita, putazo, hijueputa, hijoputa, hijo de puta, hijos de puta,
la puta madre, puta madre, re puta, hdp, hdpt, lpm, lpmqlp, lpqlp, lpqtp, ctm, csm, concha de tu madre, concha de su madre,
la concha de, conchudo, conchuda, conchudos, pelotudo, pelotuda, pelotudos, pelotudas, pelotudez, boludo, boluda, boludos,
boludas, boludez, forra, forros, carajo, carajos, gilipollas, cabron, cabrona, cabrones, pendejo, pendeja, pendejos, pendejas,
verga, vergas, culiao, culiado, culiada, chinga*, chingada, pinche, malparido, malparida, malparidos, cagada, cagadas, cagaron,
cagar, cagando, cagon, cagones, mogolico, mogolica, mogolicos, tarado, tarada, tarados, idiota, idiotas, imbecil, imbeciles,
subnormal, subnormales, garca, garcas, orto, ortiva, pija, pajero, pajeros, joder, maricon, maricones, marica, trolo, zorra,
zorras, nde rakore, rakore, anamemby, ana memby, tavy, tavyron, tavyrona, nde tavy
`;

export const EN_PROFANITY = `
fuck*, motherfuck*, fck, wtf, stfu, gtfo, shit, shits, shitty, shite, shithead, bullshit, bitch*, asshole*, arsehole*,
bastard, bastards, dickhead*, cunt*, piss, pissed, douche*, jackass, dumbass, prick, pricks, twat, wanker*, slut*, whore*,
retard, retards, retarded, idiot, idiots, moron, morons, imbecile, son of a bitch
`;

/** Masked spellings ("p*ta", "f**k", "m1erda" is handled by de-leeting). */
export const MASKED_PROFANITY_RE = /(?<![\p{L}\p{N}])(?:p[*.#]ta|p[*.#]to|p[*.#]{2}a|f[*.#]ck|f[*.#]{2}k|sh[*.#]t|m[*.#]erda|mi[*.#]rda)(?![\p{L}\p{N}])/iu;
