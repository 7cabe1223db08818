/**
 * Spanish sentiment lexicon for {@link SpanishSentimentAnalyzer}.
 *
 * ORIGINAL WORK written by hand for Sentir (valences assigned by the authors on
 * VADER's −4…+4 scale). It is not copied, translated or derived from any
 * published lexicon (VADER's, ML-SentiCon, iSOL, SentiWordNet, …) nor learned
 * from the MARC evaluation data, whose licence forbids that. Keep it that way:
 * add entries from domain knowledge, not from rows of the eval files.
 *
 * Entries are written with accents for readability; they are folded at load
 * (`atención` → `atencion`), matching how the tokenizer folds input.
 */

/** `[valence, 'adj1 adj2 …']`: adjectives, expanded to feminine and plural forms at load. */
export const ES_ADJECTIVES: ReadonlyArray<readonly [number, string]> = [
  [3.4, 'excelente excepcional perfecto maravilloso espectacular fantástico estupendo magnífico fenomenal impecable extraordinario inmejorable insuperable sublime'],
  [2.8, 'genial fabuloso espléndido brillante encantado encantador precioso'],
  [2.4, 'bárbaro hermoso divino óptimo lindo recomendable recomendado feliz servicial contentísimo delicioso imprescindible aconsejable alucinante fascinado enamorado'],
  [2.1, 'copado contento satisfecho amable bonito eficiente agradecido ideal increíble divertido alegre favorito guapo majo flipante'],
  [1.8, 'bueno agradable cómodo práctico útil confiable fiable puntual cordial simpático atento eficaz rápido veloz duradero resistente acertado elegante sabroso'],
  [1.5, 'conforme chulo piola estable robusto profesional resolutivo potente ágil fácil gentil entretenido asequible funcional cumplidor solucionado mejorado nítido apañado mono cuco alucinado'],
  [1.1, 'sólido económico decente preciso limpio silencioso interesante rico resuelto seguro completo'],
  [0.8, 'correcto adecuado barato sencillo suave aceptable exacto ligero fiel calentito firme consistente macizo sorprendido pasable decente'],
  [0.4, 'suficiente nuevo original justo'],
  [-0.5, 'regular normalito mejorable'],
  [-0.9, 'costoso limitado complicado difícil confuso incómodo débil pequeño viejo usado innecesario escaso obsoleto suelto justito'],
  [-1.3, 'caro flojo frágil endeble ruidoso dudoso sospechoso incorrecto incompleto caído colgado bloqueado saturado cansado lento intermitente doblado torcido manchado descolorido desteñido manipulado desinflado agujereado pelado rasgado quemado fundido'],
  [-1.8, 'incompatible imposible engorroso inestable triste feo sucio rayado rallado molesto mediocre absurdo erróneo equivocado insuficiente averiado peligroso rajado agrietado abollado deformado arrepentido desilusionado plasticucho hortera sobrevalorado perdido'],
  [-2.2, 'malo defectuoso roto dañado estropeado deficiente frustrado frustrante enojado enfadado insatisfecho descontento falso fallido ridículo injusto incapaz ineficiente cutre chafa trucho berreta falsificado chapucero inutilizable cabreado'],
  [-2.6, 'inepto caradura sinvergüenza decepcionante decepcionado harto indignado grosero maleducado irrespetuoso prepotente irresponsable incompetente inútil penoso inservible engañoso abusivo'],
  [-3.0, 'horroroso horrendo pésimo horrible terrible espantoso nefasto lamentable deplorable vergonzoso patético desastroso fatal inaceptable asqueroso insoportable infame'],
];

/** `[valence, 'word …']`: any other single word, used as written (no expansion). */
export const ES_WORDS: ReadonlyArray<readonly [number, string]> = [
  [3.0, 'maravilla chollo'],
  [2.6, 'felicitaciones felicidades felicito amo adoro excelencia joya lujo'],
  [2.2, 'acierto éxito ganga amabilidad alegría satisfacción'],
  [1.5, 'profesionalidad profesionalismo seriedad'],
  [1.8, 'buen guay mejor rapidez eficiencia comodidad confianza top crack'],
  [1.2, 'gran'],
  [1.5, 'bien ventaja ventajas facilidad mejoría'],
  [1.0, 'jaja xd ok okay gracias agradecido'],
  [-0.4, 'normal'],
  [-1.0, 'devolución cancelar cancelé baja espera esperando agujero agujeros mancha manchas golpe golpes'],
  [-1.4, 'rollo intermitencia incordio problema problemas reclamo reclamos reclamación queja quejas tarda tardan tardó tardaron tardado tardando demora demoras retraso retrasos tardanza molestia culpa error errores imitación arañazo arañazos rasguño rasguños grieta grietas errata erratas'],
  [-1.8, 'microcortes pifia mal fallo fallos falla fallas corte cortes caída caídas lentitud defecto defectos avería averías daño lástima pena horror peor'],
  [-2.2, 'chapuza birria cagada decepción desilusión chasco fiasco desperdicio mentira mentiras engaño abuso abusos peste apesta huid evitad'],
  [-2.8, 'asco estafa estafas estafadores fraude timo robo ladrón ladrones bodrio basura porquería chatarra desastre vergüenza pesadilla detesto mierda'],
];

/**
 * `[affirmed, negated, 'word …']`: words whose negation or absence is much
 * stronger than VADER's generic flip (×−0.74) would make it. "funciona" is
 * mildly good, "no funciona" is a clear complaint; "señal" is neutral, "sin
 * señal" is an outage. This one table covers "no anda", "no llegó", "nadie
 * atiende", "sin señal", "no tengo internet" and the like without per-phrase rules.
 */
export const ES_EXPECTED: ReadonlyArray<readonly [number, number, string]> = [
  [0.0, -1.8, 'atención servicio señal internet conexión línea wifi luz tono red datos respuesta solución reembolso cobertura velocidad'],
  [0.0, -1.5, 'cierto'],
  [0.8, -1.8, 'compatible compatibles'],
  // What a product should have: "poca calidad", "sin instrucciones", "no tiene potencia", "faltan piezas".
  [0.0, -1.6, 'calidad potencia duración autonomía capacidad resistencia precisión fuerza pieza piezas instrucciones garantía cargador manual tapa accesorios'],
];

/**
 * `[affirmed, negated | null, 'infinitive[:irregular,forms] …']`: verbs,
 * expanded at load to their common 3rd/1st-person, past, imperfect,
 * subjunctive, participle and gerund forms ("funcionar" → "funciona",
 * "funcionó", "funcionaba", "funcionando"…). `negated: null` means the
 * generic flip. Irregular forms (stem changes) are listed after a colon.
 */
export const ES_VERBS: ReadonlyArray<readonly [number, number | null, string]> = [
  [0.8, -2.2, 'funcionar servir:sirve,sirven,sirvió,sirvieron,sirva'],
  [0.3, -2.2, 'andar:anduvo encender:enciende,encienden,encienda prender arrancar conectar'],
  [0.6, -2.2, 'atender:atiende,atienden,atienda responder contestar'],
  [1.4, -2.2, 'solucionar arreglar resolver:resuelve,resuelven,resuelto,resuelta'],
  [1.0, -2.0, 'cumplir'],
  [0.8, -1.8, 'conseguir:consigue,consiguen,consiguió,consiga,consigo lograr'],
  [0.0, -1.8, 'venir:viene,vienen,vino,vinieron,venía,venían aparecer llegar:llegue,lleguen recibir abonar reembolsar corresponder coincidir cargar:cargue'],
  [0.0, -1.4, 'reconocer:reconoce,reconocen,reconozco detectar leer:lee,leen,leyó ajustar encajar cerrar:cierra,cierran,cierre pegar:pegue sujetar cortar calentar:calienta,calientan enfriar:enfría,enfrían limpiar traer:trae,traen,trajo,trajeron,traía escuchar oír:oye,oyen,oyó,oía,oído sonar:suena,suenan,suene cubrir:cubierto,cubierta adaptar enganchar entrar caber:cabe,caben,cupo sincronizar transpirar'],
  [1.0, -1.8, 'convencer:convence,convencen,convenció'],
  [0.3, -1.6, 'durar aguantar'],
  [0.3, -1.4, 'valer:vale,valen,valió,valdría'],
  [2.2, -2.4, 'recomendar:recomiendo,recomienda,recomiendan,recomendaría aconsejar'],
  [1.8, -2.0, 'gustar'],
  [2.8, -1.5, 'encantar'],
  [2.0, null, 'disfrutar agradecer:agradezco'],
  [1.3, null, 'mejorar'],
  [-1.1, null, 'devolver:devuelve,devuelven,devuelto,devuelta,devolví'],
  [-1.3, null, 'reclamar quejar molestar demorar flojear desgastar evitar'],
  [-1.0, null, 'apretar:aprieta,aprietan'],
  [-1.7, null, 'fallar empeorar deteriorar descoser oxidar gotear fastidiar morir:muere,mueren,murió,murieron,muerto,muerta'],
  [-2.2, null, 'romper:roto,rota,rotos,rotas estropear averiar dañar decepcionar arrepentir:arrepiento,arrepentí destrozar defraudar malgastar'],
  [-2.6, null, 'engañar mentir:miente,mienten,mintió,mintieron estafar robar odiar'],
];

/**
 * Verbs that describe a failure when reflexive ("se corta", "se me traba",
 * "se cayó"); expanded to "se/se me/se nos/se le + form" phrases. On their
 * own ("cortar el cable", "apagar el router") they are neutral.
 */
export const ES_REFLEXIVE_FAILURES: readonly [number, string] = [
  -1.7,
  'cortar caer:cae,caen,cayó,cayeron,caía,caían,caído colgar:cuelga,cuelgan trabar tildar desconectar apagar reiniciar calentar:calienta,calientan despegar bloquear congelar ralentizar desconfigurar salir:sale,salen,salió,salía soltar:suelta,sueltan,soltó atascar desmontar doblar rajar agrietar manchar desteñir:destiñe,destiñen,destiñó deshilachar deshacer:deshace,deshacen,deshizo deformar quemar fundir partir pelar desprender despintar desinflar perder:pierde,pierden,pierda',
];

/** `[affirmed, negated, 'phrase|phrase']`: phrases with their own negated valence, like ES_VERBS. */
export const ES_EXPECTED_PHRASES: ReadonlyArray<readonly [number, number, string]> = [
  [1.8, -2.4, 'volver a comprar|volvería a comprar|volveré a comprar|volveria a comprarlo|compraría de nuevo|repetiría|repetiré|lo volvería a comprar'],
  [0.0, -2.4, 'compréis|compren|compres|comprar|comprarlo|lo compréis|lo compren'],
  [2.2, -2.2, 'vale la pena|merece la pena'],
  [1.2, -2.0, 'lo que esperaba|lo esperado|lo prometido|lo anunciado|como se describe|tal como se describe|a tiempo|en tiempo|como en la foto|como en las fotos|como en la imagen|como se ve en la foto|tal cual|tal y como|tal como|igual que en la foto|igual que en la imagen|igual que en las fotos|fiel a la descripción|fiel a la descripcion|como en la descripción|como en la descripcion|como se anuncia|en fecha|en plazo|en su plazo|dentro del plazo|en el plazo previsto'],
  [0.0, -1.8, 'se parece|se corresponde|se ajusta'],
  // Compared with what was expected: "más pequeño de lo esperado" is a complaint, "mejor de lo esperado" praise.
  [-0.9, -0.9, 'de lo esperado|de lo que esperaba|de lo que me esperaba|de lo que pensaba|de lo que parece|de lo que parecía'],
  [2.2, -1.2, 'mejor de lo esperado|mejor de lo que esperaba|mejor de lo que me esperaba|mejor de lo que pensaba'],
  [1.8, -1.8, 'justo lo que buscaba|justo lo que necesitaba|lo que buscaba|lo que necesitaba|lo que buscabas|lo que necesitas'],
  [1.0, -1.8, 'cumple su función|cumple su funcion|cumple con su función|cumple con su funcion|hace su función|hace su funcion|hacen su función|hacen su funcion|cumplen su función|cumplen su funcion|hizo su función|hizo su funcion|cumplió su función|cumplio su funcion|hace su trabajo|hace bien su trabajo'],
  [1.5, -1.5, 'que buscaba|que yo buscaba|que necesitaba|que yo necesitaba|que queria|que quería'],
  [1.4, -2.0, 'cumple las expectativas|cumple mis expectativas|cumple con las expectativas|cumple con mis expectativas|cumplió las expectativas|cumplió mis expectativas'],
  // Star talk: "no le doy 5 estrellas porque…" is a four-star review, not a complaint.
  [2.2, -0.3, '5 estrellas|cinco estrellas'],
];

/**
 * `[valence, 'phrase|phrase']`: multi-word units, matched longest first on
 * folded tokens (after abbreviation expansion) and overriding their words.
 * A leading negator inside a phrase does not negate the phrase again.
 */
export const ES_PHRASES: ReadonlyArray<readonly [number, string]> = [
  [3.0, 'de maravilla|de lujo|de diez|un diez|de 10|un 10|lo mejor|sin palabras'],
  [2.8, 'una pasada'],
  [2.6, 'supera las expectativas|supera mis expectativas|superó las expectativas|superó mis expectativas|superado mis expectativas|superado las expectativas'],
  [2.2, 'de primera|a gusto|antes de tiempo|antes de lo previsto|antes de lo esperado|antes de lo que esperaba|antes de lo indicado|antes de la fecha|no hay color|buena onda|cien por cien|buena compra|compra obligada|gratamente sorprendido|gratamente sorprendida'],
  [1.2, 'está bien|esta bien|están bien|estan bien|no está mal|no esta mal|no están mal|no estan mal'],
  [1.8, 'de buen gusto'],
  [-1.8, 'de mal gusto'],
  // "gusto" the noun, not "(me) gustó" with its accent dropped.
  [0.0, 'para gusto|para gustos|para mi gusto|a mi gusto|al gusto|cuestión de gustos|cuestion de gustos|sobre gustos|de gustos|para el gusto|el gusto de|un gusto de|para el precio|por el precio|para lo que cuesta|por lo que cuesta|para lo que vale|por lo que vale|a lo mejor|más bien|mas bien|sin cargo|sin duda|sin costo|relación calidad precio|relacion calidad precio|calidad precio|buenas tardes|buenas noches|buenos días|buenos dias|buen día|buen dia|por favor'],
  [-0.5, 'podría ser mejor|podria ser mejor|podría estar mejor|podria estar mejor|deja algo que desear|ni bueno ni malo|ni bien ni mal|mas o menos|ni fu ni fa|nada del otro mundo|nada especial|sin mas|ni mas ni menos|sin pena ni gloria|deja que desear|deja mucho que desear'],
  [-1.3, 'queda pequeño|queda pequeña|queda grande|quedan pequeños|quedan pequeñas|quedan grandes|queda corto|queda corta|viene pequeño|viene pequeña|viene grande|talla pequeña|talla grande|no es gran cosa|llegó tarde|llego tarde|del montón|del monton|de juguete|de risa'],
  [-1.8, 'no va|no van|no iba|no iban|da error|dan error|de pena|no hay manera|no ha habido manera|no hubo manera|no había manera|no hay forma|no hubo forma|lo barato sale caro'],
  [-1.6, 'nada que ver|sigo esperando|baja calidad|otra vez|de nuevo sin|esperaba mas|esperaba más|me arrepiento|esperaba otra cosa|esperaba algo mejor|esperaba algo mas|esperaba algo más|señales de uso|signos de uso|marcas de uso'],
  [-2.0, 'una estrella|1 estrella|cero estrellas|0 estrellas'],
  [-2.2, 'tomadura de pelo|me dejaron tirado|ni caso|no anda|no funciona|no sirve|nadie atiende|nadie contesta|nadie responde|no contestan|no responden|no atienden|dar de baja|doy de baja|me di de baja|no lo recomiendo|no recomiendo|tirar el dinero|tirado el dinero|dinero tirado|ni se os ocurra|ni se te ocurra|ni regalado|ni regalada|perdida de tiempo|pérdida de tiempo|perdida de dinero|pérdida de dinero|cobro indebido|doble cobro|cobraron doble|cobran doble'],
  [-2.8, 'me cobraron de mas|me cobraron de más|cobraron de mas|cobraron de más|cobran de mas|cobran de más|me cobran de mas|me cobran de más|cobrado de mas|cobrado de más|lo peor|una vergüenza|un desastre|una estafa|un robo|una porquería|una mierda|un asco|da asco|me da asco'],
];

/**
 * Lukewarm words and phrases (already in the tables above with their small
 * valence): they also mark a middling opinion, the language of three-star
 * reviews and "it works, nothing more" comments.
 */
export const ES_LUKEWARM =
  'correcto|correcta|correctos|correctas|aceptable|aceptables|normal|normalito|normalita|regular|suficiente|pasable|decente|mejorable|' +
  'deja algo que desear|ni bueno ni malo|ni bien ni mal|mas o menos|ni fu ni fa|nada del otro mundo|nada especial|sin mas|sin pena ni gloria|del monton|no es gran cosa|' +
  'esta bien|estan bien|no esta mal|no estan mal|para el precio|por el precio|para lo que cuesta|por lo que cuesta|para lo que vale|por lo que vale|' +
  'cumple|cumplen|cumple su funcion|cumple con su funcion|podria ser mejor|podria estar mejor';

/** Words that open a negation scope. Spanish negative concord ("no … nada") counts as one negation. */
export const ES_NEGATORS = 'no nunca ni tampoco sin jamás nadie nada ningún ninguno ninguna ningunos ningunas apenas cero';

/**
 * Verbs of lack: they negate what follows like "sin" ("falta calidad"), and
 * are a complaint on their own when what is missing is not a lexicon word
 * ("faltaba el cartucho", "carece de manual").
 */
export const ES_LACK_VERBS = 'falta faltan faltaba faltaban faltó faltaron carece carecen carecía';

/**
 * Restrictives: before an expected action they report a partial failure
 * ("solo funciona un lado", "sólo enciende la mitad").
 */
export const ES_RESTRICTIVES = 'solo sólo solamente únicamente';

/** Multi-word negators, matched like phrases. */
export const ES_NEGATOR_PHRASES =
  'falta de|ausencia de|para nada|en absoluto|ni siquiera|en ningún momento|de ninguna manera|de ningún modo|deja de|dejó de|dejan de|dejaron de|dejado de|dejar de|dejaba de|dejando de|deje de|dejen de|dejara de|dejaran de';

/** `[scalar, 'word …']`: intensifiers (+) and diminishers (−), VADER's ±0.293 scale. */
export const ES_BOOSTERS: ReadonlyArray<readonly [number, string]> = [
  [0.35, 'súper super re requete recontra mega hiper ultra extremadamente sumamente tremendamente terriblemente increíblemente totalmente completamente absolutamente'],
  [0.293, 'muy tan demasiado realmente verdaderamente altamente enormemente especialmente particularmente excesivamente muchísimo tremendo tremenda'],
  [0.2, 'bastante mucho'],
  [-0.293, 'algo medio casi ligeramente levemente relativamente poquito'],
];

/** Multi-word intensifiers/diminishers. */
export const ES_BOOSTER_PHRASES: ReadonlyArray<readonly [number, string]> = [
  [0.35, 'de lo mas|de lo más'],
  [-0.293, 'un poco|un poquito|un tanto|un pelin|un pelín'],
];

/**
 * Intensifiers that also follow what they modify ("me gustó mucho", "mejoró
 * bastante"); Spanish puts these after the verb far more often than English.
 */
export const ES_POSTPOSED_BOOSTERS = 'mucho muchísimo bastante demasiado';

/**
 * Contrast markers: the clause after them carries the writer's point
 * ("barato pero se corta todo el día"), as in VADER's "but" rule.
 */
export const ES_CONTRAST = 'pero sino';
export const ES_CONTRAST_PHRASES = 'sin embargo|no obstante|eso sí|eso si|aun así|aún así|por lo demás|por lo demas';

/**
 * Concessive markers: the clause they introduce is the conceded, weaker part
 * ("aunque es caro, funciona perfecto"), so it is down-weighted and the rest
 * of the sentence up-weighted.
 */
export const ES_CONCESSIVE = 'aunque';
export const ES_CONCESSIVE_PHRASES = 'a pesar de|pese a|si bien';

/**
 * Minor-flaw markers: what follows them is conceded, not the point ("muy
 * buen servicio, lo único es que a veces se corta"), so, unlike "pero", they
 * down-weight the flaw and keep the praise before them. The marker's own
 * words ("problema", "pega") do not count.
 */
export const ES_MINOR_FLAW_PHRASES =
  'lo único|lo unico|lo único malo|lo unico malo|lo único negativo|lo unico negativo|la única pega|la unica pega|el único inconveniente|el unico inconveniente|' +
  'el único problema|el unico problema|el único fallo|el unico fallo|el único defecto|el unico defecto|el único pero|el unico pero|única pega|unica pega|' +
  'único inconveniente|unico inconveniente|único defecto|unico defecto|como única crítica|como unica critica|mi única queja|mi unica queja';

/**
 * Words that do not use up the negation window: clitics, articles,
 * auxiliaries and prepositions sit between "no" and the word it negates
 * ("no me lo han arreglado").
 */
export const ES_FUNCTION_WORDS =
  'me te se lo la le los las les nos os mi mis tu tus su sus el un una uno unos unas es son era eran fue fueron sea ser está están estaba estaban estuvo estar ha han he has hemos había hay haber ya que de del al a en con para por muy tan más mas este esta esto ese esa eso';

/**
 * Counterfactual markers: what follows did not happen ("debería funcionar",
 * "podría ser mejor", "esperaba más calidad"), so praise in their scope
 * reads as a complaint.
 */
export const ES_IRREALIS = 'debería deberían debiera podría podrían hubiera hubiese ojalá esperaba esperábamos pensé creí supuestamente parecía parecían prometía prometían tendría tendrían';

/** Words that close a negation scope (coordination starts a new clause). */
export const ES_CLAUSE_WORDS = 'y e o u porque pues';

/** Chat abbreviations and spellings, expanded before look-up (keys are folded). */
export const ES_ABBREVIATIONS: Readonly<Record<string, string>> = {
  q: 'que', k: 'que', ke: 'que', qe: 'que',
  xq: 'porque', pq: 'porque', porq: 'porque', xk: 'porque', pk: 'porque', xque: 'porque',
  tmb: 'tambien', tb: 'tambien', tbn: 'tambien', tmbn: 'tambien', tambn: 'tambien',
  x: 'por', d: 'de', pa: 'para', xa: 'para',
  nd: 'nada', na: 'nada', nunk: 'nunca', nadien: 'nadie', nah: 'no',
  bn: 'bien', mjr: 'mejor', dsp: 'despues', ntp: 'no te preocupes',
  xfa: 'por favor', porfa: 'por favor', plis: 'por favor', pls: 'por favor',
  grax: 'gracias', grs: 'gracias', grasias: 'gracias', gras: 'gracias', grcs: 'gracias',
  tqm: 'te quiero mucho', msj: 'mensaje', cel: 'celular', tel: 'telefono',
  ta: 'esta', tas: 'estas', toy: 'estoy',
};

/**
 * Frequent Spanish words with no sentiment of their own, used only to
 * recognise short comments as Spanish ("todo bien", "hoy sin luz").
 */
export const ES_COMMON_WORDS =
  'todo toda todos todas hoy ayer siempre desde hace hasta dias día horas semana mes cuando donde como cómo porque pero yo vos usted ustedes ' +
  'hola buenas buenos tardes noches señor señora también tambien otra otro vez veces sigue sigo tengo tiene tienen estoy estamos ' +
  'casa barrio zona router módem modem técnico factura pago precio plan velocidad megas cliente empresa llamé llamo mucho muchos';
