/**
 * Emotion lexicon for customer comments, Spanish (incl. Rioplatense and
 * Paraguayan usage, a few Guarani words) and English, plus emoji/emoticons.
 *
 * Source and licence: written from scratch for Sentir by the project team and
 * owned by the project; it ships under the project's own licence. No
 * third-party lexicon was copied or adapted. In particular NRC EmoLex was NOT
 * used: its terms forbid commercial use without a separate licence.
 *
 * Format: one line per emotion and weight, `emotion weight: entry, entry, …`.
 * An entry is a word, a phrase of up to four words, or a stem ending in `*`
 * (4+ letters) that matches any ending. Entries are folded at load (no case,
 * no accents), so accents here are optional. An entry may appear under
 * several emotions ("estafa" is anger and disgust). Weights: 1 = the emotion
 * itself ("furioso"), 0.7 = a clear sign, 0.3–0.5 = a weak or ambiguous one.
 */

export const ES_EMOTION_LEXICON = `
anger 1: furioso, furiosa, furiosos, furia, rabia, bronca, ira, indignado, indignada, indignados, indignante, indignacion, enfurec*, encabron*, cabreado, cabreada, emputad*, me da bronca, me da rabia, que bronca, que rabia, estoy harto, estoy harta, me tienen harto, me tienen harta, me tienen podrido, estoy podrido, estoy podrida, hasta la coronilla, odio, lo odio
anger 0.8: harto, harta, hartos, hartas, podrido, podrida, hartazgo, el colmo, es el colmo, falta de respeto, una burla, tomadura de pelo, nos toman el pelo, me toman el pelo, sinverguenza, sinverguenzas, caradura, caraduras, mentirosos, ladrones, ladron, chorros, es un robo, nos roban, me roban, estafadores
anger 0.7: enojado, enojada, enojados, enojo, enoja, me enoja, molesto, molesta, molestos, irrita*, fastidi*, estafa, estafaron, estafan, robo, abuso, abusivo, abusivos, abusan, inaceptable, inadmisible, irrespetuoso, irrespetuosos, chanta, chantas, injusto, injusticia, ya no aguanto, no aguanto mas, maldito, maldita, malditos, incompetentes, ineptos, inepto, engaño, engañaron, engañan, mintieron, mienten, basta, exijo, exigimos, una verguenza, verguenza
anger 0.5: frustra*, inutiles, inutil, mentira, mentiras, pesimo, pesima, pesimos, siempre lo mismo, otra vez lo mismo, de nuevo lo mismo, cansado, cansada, cansados, mierda, una cagada, desastre, un desastre, horrible, basura, que asco
anger 0.3: cualquier cosa, otra vez, a cada rato
joy 1: feliz, felices, felicidad, encantado, encantada, encantados, me encanta, me encanto, me encantan, alegria, alegre, contentisimo, contentisima, muy contento, muy contenta, lo maximo, fascinado, fascinada
joy 0.7: contento, contenta, contentos, contentas, satisfecho, satisfecha, satisfechos, genial, geniales, excelente, excelentes, buenisimo, buenisima, maravilloso, maravillosa, perfecto, perfecta, espectacular, barbaro, de diez, diez puntos, 10 puntos, lo recomiendo, recomiendo, recomendable, agradecido, agradecida, agradecidos, muchas gracias, mil gracias, fenomenal, un lujo, de lujo, una joya, joya, vale la pena, copado, super bien, re bien, muy bien, impecable, excelencia
joy 0.5: increible, impresionante, gracias, me gusta, me gusto, me gustan, lindo, linda, agradable, mejoro, mejoraron, solucionado, solucionaron, resuelto, resolvieron, por fin, bueno, buena, buenisimos, rapidisimo, eficiente, eficientes, amable, amables, atentos
joy 0.3: bien, comodo, sin problemas, funciona bien, anda bien, tranquilo, ok
sadness 1: triste, tristes, tristeza, deprimido, deprimida, deprimente, me siento triste, desolado, desolada
sadness 0.7: decepcion*, desilusion*, lamentable, que pena, una pena, me da pena, que lastima, una lastima, desanima*, me duele, lloro, llorar, llorando, desesperanza, perdi las esperanzas, sin esperanza, sin esperanzas, frustra*, frustrante
sadness 0.5: lamentablemente, pena, lastima, lamento, desesperado, desesperada, ya no se que hacer, no se que hacer, ya no se, extrañamos, nos dejaron solos, abandonados, abandonado, olvidados
sadness 0.3: cansado, cansada, desastre, un desastre, pesimo, pesima, perdi, perdimos, sin respuesta
fear 1: miedo, panico, aterrado, aterrada, aterrador, terror, tengo miedo, me da miedo, kyhyje, akyhyje
fear 0.7: temor, temo, me preocupa, preocupado, preocupada, preocupados, preocupacion, preocupante, asustado, asustada, me asusta, nervioso, nerviosa, ansiedad, ansioso, ansiosa, inseguro, insegura, inseguridad, peligro, peligroso, peligrosa, hackearon, hackeado, hackeada, hackeo, robaron mis datos, identidad robada
fear 0.5: desesperado, desesperada, riesgo, incertidumbre, amenaza, amenazaron, amenazan, fraude, que va a pasar, ya no se que hacer, no se que hacer
surprise 1: sorprendido, sorprendida, sorprendidos, sorpresa, asombrado, asombrada, no lo puedo creer, no puedo creer, no lo podia creer
surprise 0.7: sorprende, me sorprende, me sorprendio, inesperado, inesperada, inesperadamente, wow, guau, uau, asombroso, asombrosa, ni me lo esperaba, no me lo esperaba, no lo esperaba, quien diria, impactado, impactada
surprise 0.5: increible, increiblemente, impresionante, de repente, de la nada, de golpe, que raro, extraño, extraña, insolito
surprise 0.3: raro, rara, en serio, por fin
disgust 1: asco, asqueroso, asquerosa, asquerosos, repugnante, me da asco, da asco, que asco, un asco, nauseabundo, vomitivo, asqueado, asqueada
disgust 0.7: porqueria, inmundo, inmunda, cochino, cochina, patetico, patetica, pateticos, verguenza ajena, una verguenza, horroroso, horrorosa, nefasto, nefasta, deplorable, basura, una cagada, mierda, de cuarta, ivaieterei, vaieterei
disgust 0.5: verguenza, horrible, horribles, mediocre, mediocres, estafa, estafadores, un chiste, es un chiste, pesimo, pesima, pesimos, sucio, sucia, desprolijo, desprolijos
joy 0.8: avy'a, vy'a, ivy'a, rohayhu
joy 0.5: ipora, iporaite, iporaiterei
anger 1: ipochy, apochy, pochy, che pochy
sadness 0.7: ambyasy, nembyasy
`;

export const EN_EMOTION_LEXICON = `
anger 1: furious, rage, raging, enraged, livid, outraged, infuriat*, pissed, pissed off, fuming, irate, fed up, sick and tired, sick of, hate, hate it, i hate, hated
anger 0.8: outrageous, had enough, enough is enough, last straw, liars, thieves, scammers, disgrace, disrespectful, disrespected, insulting, an insult, wtf
anger 0.7: angry, anger, angered, mad at, so mad, annoyed, annoying, annoyance, irritat*, unacceptable, ridiculous, scam, scammed, rip off, ripoff, robbery, robbed, cheated, shameful, lied, lying, incompetent, incompetence, damn, damned, frustrat*
anger 0.5: rude, useless, lies, worst, terrible, awful, horrible, pathetic, shit, shitty, crap, crappy, bullshit, garbage, trash, upset, a joke, joke
anger 0.3: tired, once again, yet again, every single time, still not, never, hell
joy 1: happy, delighted, thrilled, ecstatic, overjoyed, joy, so happy, love it, i love, love this, loving it, love
joy 0.7: glad, pleased, satisfied, excellent, awesome, fantastic, wonderful, superb, brilliant, outstanding, highly recommend, grateful, thankful, enjoy, enjoying, enjoyed, yay, woohoo, the best, best ever, perfect, perfectly, flawless, impeccable, lovely
joy 0.5: great, amazing, impressed, excited, recommend, appreciate, appreciated, thanks, thank you, nice, best, works great, incredible, finally, friendly, helpful, efficient, resolved, fixed
joy 0.3: good, fine, smooth, ok, okay, pretty good
sadness 1: sad, sadness, depressed, depressing, heartbroken, miserable, devastated
sadness 0.7: disappoint*, unhappy, regret, regrets, hopeless, lost hope, crying, cried, cry, lonely, letdown, let down, discouraged, discouraging, frustrat*
sadness 0.5: upset, unfortunately, what a shame, a shame, shame, pity, too bad, give up, gave up, abandoned, ignored, neglected
sadness 0.3: tired, terrible, awful, worst, sorry to say
fear 1: afraid, scared, terrified, frightened, fear, panic, panicked, terrifying, scary
fear 0.7: worried, worry, worrying, anxious, anxiety, nervous, unsafe, insecure, dangerous, danger, threat, threatened, threatening, hacked, identity theft, stolen data, data breach, nightmare
fear 0.5: concerned, concern, concerning, risk, risky, fraud, uncertain, uncertainty, breach, what if, shocked
surprise 1: surprised, astonished, amazed, stunned, can't believe, cannot believe, cant believe, couldn't believe, couldnt believe
surprise 0.7: surprise, surprising, surprisingly, unexpected, unexpectedly, wow, whoa, omg, unbelievable, shocked, shocking
surprise 0.5: suddenly, all of a sudden, out of nowhere, weird, strange, incredible, amazing, impressed, wtf
surprise 0.3: odd, finally, excited, seriously
disgust 1: disgusting, disgusted, gross, revolting, repulsive, sickening, nauseating, vile, despicable
disgust 0.7: appalling, pathetic, trash, garbage, shameful, disgrace, sleazy, nasty, shit, shitty, crap, crappy, bullshit
disgust 0.5: horrible, awful, a joke, laughable, mediocre, scam, scammers, ripoff, rip off
disgust 0.3: terrible, worst, sloppy, hate
`;

/** Emoji (base code point, without variation selector or skin tone) and emoticons. */
export const EMOJI_EMOTION_LEXICON = `
anger 1: 😠, 😡, 🤬
anger 0.8: 👿, 🖕
anger 0.7: 😤, 💢, >:(, :@
anger 0.3: 😒, 🙄, 👎, 🤦, 😩, 😫
joy 0.9: 😍, 🥰, 🥳, 😄, 😁
joy 0.8: 😊, 🎉, 🤩, ☺
joy 0.7: 😀, 😃, 😆, ❤, 💖, 🙌, :D
joy 0.6: 😂, 🤣, 👏, 💕, 😘, <3
joy 0.5: 😎, 💯, xD, :), :-), 🙏
joy 0.4: 🙂, 👍, 🌟
joy 0.3: ✨, ⭐
sadness 1: 😭, 💔
sadness 0.9: 😢, :'(
sadness 0.8: 😞, 😔
sadness 0.7: ☹, 😿, 😥
sadness 0.6: 🙁, 😩, 😫, 🥺, :(, :-(
sadness 0.5: 😓
sadness 0.4: 😪
sadness 0.3: 😟, :/
fear 0.9: 😨, 😰
fear 0.8: 😱
fear 0.6: 😟
fear 0.5: 😧
fear 0.4: 😬, 🫣
fear 0.2: 😥
surprise 0.9: 😲
surprise 0.8: 😮, 🤯
surprise 0.7: 😯
surprise 0.6: 😳, 🙀, :O, :o
surprise 0.5: 😱
surprise 0.4: 🤩
surprise 0.3: 😧
disgust 1: 🤢, 🤮
disgust 0.7: 💩
disgust 0.5: 😒, 🙄, 👎, 🤦
disgust 0.4: 🖕
disgust 0.3: 😑
`;
