import { foldText } from '../text-normalize';

/**
 * Stopword lists for key-phrase extraction. Written for this project by the
 * Sentir team (no third-party list copied); folded at load, so accents and
 * case do not matter here. Lists lean towards customer comments: greetings,
 * chat spellings ("xq", "q", "tb") and filler verbs are stopwords, while
 * evaluative words ("malo", "lento") are not: they make the best phrases.
 *
 * Guarani (`gn`) holds Jopara function words heard in Paraguayan comments
 * (particles, pronouns, postpositions); it is merged into Spanish because
 * Paraguayan comments mix both within a sentence.
 */

const ES = `
a al algo algun alguna algunas alguno algunos alla alli ahi ahora aca ante antes aqui asi aun aunque
bajo bastante cada casi como con contra cual cuales cualquier cuando cuanto cuantos
de del desde donde dos durante e el ella ellas ello ellos en entonces entre era eran eres es esa esas ese eso esos
esta estaba estaban estado estamos estan estar estas este esto estos estoy estuvo fue fueron fui
ha habia habian han has hasta hay he hemos hace hacen hacer hizo hoy
la las le les lo los luego mas me mi mia mis mismo misma mucho mucha muchos muchas muy
nada nadie ni ninguno ninguna no nos nosotros nuestra nuestro nuestros nuestras nunca
o os otra otro otros otras para pero poco poca por porque pues puede pueden puedo que quien quienes
se sea sean segun ser si sido siempre sin sobre solo son soy su sus suya suyo tal tambien tampoco tan tanto tanta
te tenemos tener tengo tenia tiene tienen toda todas todo todos tu tus u un una unas uno unos usted ustedes
va vamos van vez vos y ya yo
q k xq pq porq x tb tmb tambn d xfa pf porfa re nomas noma ahre osea
hola buenas buenos dias tardes noches gracias saludos favor bueno ok okay etc jaja jajaja jeje gs pyg usd
dice dicen dijo dijeron decir quiero quiere queria estoy estas ser
`;

const GN = `
ha ko upe pe gui rehe ndive avei katu voi ma hina piko pa ndaje niko ningo nio nde che ore ñande pende
ha'e umi ko'a ko'ã mba'e la lo ko'ag̃a ko'aga upea kova kóva upéva upeva ni'ã ra'e hína mante jepe ñepyrũ
`;

const EN = `
a about above after again against all am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves
im i'm ive i've it's its don't dont doesn't doesnt didn't didnt can't cant cannot won't wont isn't isnt
wasn't wasnt aren't arent haven't havent hasn't hasnt never without also get got getting really still even
u ur pls plz thanks thank hi hello hey ok okay lol yes yeah well one much many thing things
`;

const PT = `
a ao aos as ate com como da das de dela dele deles do dos e ela elas ele eles em entre era essa esse isso
esta este estou eu foi ha isso ja la lhe mais mas me mesmo meu minha muito na nao nas nem no nos nossa nosso
num numa o os ou para pela pelo por porque pra pro quando que quem se sem ser seu sua so sou tambem tem tenho
ter te tu um uma uns umas voce voces vc vcs ta tá aqui ai oi ola obrigado obrigada nunca
`;

/** Words that may start a phrase ("no funciona", "sin señal", "not working"). */
const NEGATORS = `
no sin nunca ni jamas tampoco
not no never without don't dont doesn't doesnt didn't didnt can't cant cannot won't wont isn't isnt wasn't wasnt
nao sem nunca nem
`;

/** Words allowed once between content words ("atención al cliente", "cambio de plan", "speed of light"). */
const CONNECTORS = `
de del al
of
de do da dos das
`;

function toSet(...lists: string[]): ReadonlySet<string> {
  const set = new Set<string>();
  for (const list of lists) {
    for (const w of list.split(/\s+/)) {
      if (w === '') continue;
      set.add(foldText(w));
    }
  }
  return set;
}

export const STOPWORDS: Readonly<Record<'es' | 'en' | 'pt' | 'gn' | 'any', ReadonlySet<string>>> = {
  es: toSet(ES, GN),
  gn: toSet(GN, ES),
  en: toSet(EN),
  pt: toSet(PT),
  any: toSet(ES, GN, EN, PT),
};

export const NEGATORS_SET = toSet(NEGATORS);
export const CONNECTORS_SET = toSet(CONNECTORS);
