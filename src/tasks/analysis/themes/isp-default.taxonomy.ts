import type { Taxonomy } from './theme.types';

/**
 * Built-in taxonomy for comments about connectivity services (ISPs, fixed
 * and mobile internet). Written by the Sentir team for this project; no
 * third-party word list was used.
 *
 * Keywords are matched folded (no case, no accents, elongations squeezed), so
 * they are written without accents; common misspellings and phone spellings
 * ("velosidad", "ruter", "tegnico") are listed explicitly. `gn` holds a
 * first, small set of Guarani/Jopara cues heard in Paraguay (to be reviewed
 * by a native speaker). Ambiguous single words ("red", "linea", "baja",
 * "compania") are only used inside phrases.
 */
export const ISP_DEFAULT_TAXONOMY: Taxonomy = {
  id: 'isp-default',
  name: 'Connectivity services (ISP)',
  version: '1.0.0',
  themes: [
    {
      id: 'speed',
      label: 'Speed',
      keywords: {
        es: [
          'lento', 'lenta', 'lentos', 'lentas', 'lentitud', 'lentisimo', 'lentisima', 'lentazo', 'lentaso',
          'velocidad', 'velosidad', 'belocidad', 'velocida', 'baja velocidad', 'poca velocidad', 'la velocidad',
          'megas', 'mega', 'megabytes', 'megabits', 'mbps', 'mb', 'kbps', 'gbps', 'ancho de banda',
          'tarda en cargar', 'tarda mucho', 'demora en cargar', 'no carga', 'carga lento', 'tarda en abrir',
          'se traba', 'se tranca', 'se congela', 'lag', 'laguea', 'lagea', 'ping', 'latencia', 'buffering',
          'a paso de tortuga', 'tortuga', 'internet rapido', 'conexion rapida', 'anda rapido', 'navega rapido',
          'navegacion', 'descarga', 'descargas', 'subida', 'test de velocidad', 'speedtest', 'vuela el internet',
          'internet vuela', 'anda volando', 'no llega la velocidad', 'no llegan los megas',
        ],
        en: [
          'slow', 'slowly', 'slower', 'slowest', 'slowness', 'sluggish', 'speed', 'speeds', 'mbps', 'megabits', 'kbps', 'gbps',
          'bandwidth', 'throttl*', 'lag', 'laggy', 'lagging', 'latency', 'high ping', 'ping', 'buffering', 'buffers',
          'takes forever', 'loading', 'won\'t load', 'wont load', 'doesn\'t load', 'download speed', 'upload speed',
          'speed test', 'speedtest', 'fast internet', 'fast connection', 'super fast', 'blazing fast', 'snail',
        ],
        gn: ['mbegue', 'mbeguete', 'mbegueterei', 'mbeguekatu', 'mbegue*'],
      },
    },
    {
      id: 'outages',
      label: 'Outages and stability',
      keywords: {
        es: [
          'sin internet', 'sin servicio', 'sin conexion', 'no tengo internet', 'no tengo conexion', 'no tengo servicio',
          'no hay internet', 'no hay servicio', 'no hay conexion', 'se corta', 'se cortaba', 'se corto', 'se cortan',
          'corte', 'cortes', 'microcort*', 'micro cortes', 'se cae', 'se cayo', 'se caia', 'se caen',
          'caida', 'caidas', 'caido', 'esta caido', 'intermit*', 'inestab*', 'desconect*', 'desconex*', 'no funciona',
          'no anda', 'no andaba', 'dejo de funcionar', 'dejo de andar', 'no conecta', 'no se conecta', 'se fue el internet',
          'se va el internet', 'se va la conexion', 'se pierde la conexion', 'pierde la conexion', 'perdida de conexion',
          'fuera de servicio', 'averia', 'falla', 'fallas', 'problema de conexion', 'problemas de conexion', 'estable',
          'estabilidad', 'sin cortes', 'interrupcion', 'interrupciones', 'se reconecta', 'nunca anda', 'anda mal',
        ],
        en: [
          'outage', 'outages', 'downtime', 'is down', 'was down', 'went down', 'goes down', 'keeps going down', 'been down',
          'internet down', 'service down', 'network down', 'no internet', 'no connection', 'no service', 'keeps dropping',
          'dropping', 'drops', 'dropped', 'disconnect*', 'unstable', 'instability', 'intermittent', 'not working',
          'doesn\'t work', 'doesnt work', 'does not work', 'stopped working', 'isn\'t working', 'connection lost',
          'lost connection', 'loses connection', 'losing connection', 'cuts out', 'cutting out', 'offline', 'interruption',
          'interruptions', 'unreliable', 'reliable', 'reliability', 'stable', 'stability',
        ],
        gn: ['ndaipori internet', 'ndaipori la internet', 'ndaipori conexion', 'ndoiko*', 'ndofunciona*', 'onekyti*'],
      },
    },
    {
      id: 'price-billing',
      label: 'Price and billing',
      keywords: {
        es: [
          'precio', 'precios', 'presio', 'caro', 'caros', 'es cara', 'muy cara', 'mas cara', 're cara', 'demasiado cara', 'carisimo', 'carisima', 'costoso', 'costosa', 'costo',
          'costos', 'barato', 'barata', 'economico', 'economica', 'tarifa', 'tarifas', 'factur*', 'fatura', 'cobr*',
          'pago', 'pagos', 'pagar', 'pague', 'pagamos', 'pagando', 'pagas', 'pago mucho', 'abono', 'abonar', 'cuota',
          'cuotas', 'mensualidad', 'recargo', 'recargos', 'mora', 'debito', 'debitaron', 'debito automatico', 'descuento',
          'descuentos', 'promo', 'promocion', 'promociones', 'oferta', 'ofertas', 'aumento', 'aumentaron', 'subieron el precio',
          'subio el precio', 'reembolso', 'reintegro', 'devolucion', 'me devuelvan', 'doble cobro', 'saldo',
          'recarga', 'recargas', 'paquete', 'paquetes', 'boleta', 'comprobante', 'guaranies', 'gs', 'plata', 'dinero',
          'cancelar la factura',
        ],
        en: [
          'price', 'prices', 'pricing', 'expensive', 'overpriced', 'cheap', 'cheaper', 'affordable', 'cost', 'costs', 'bill',
          'bills', 'billing', 'billed', 'invoice', 'invoices', 'charge', 'charges', 'charged', 'overcharg*', 'fee', 'fees',
          'late fee', 'refund', 'refunds', 'payment', 'payments', 'pay', 'paid', 'paying', 'discount', 'discounts',
          'promotion', 'promo', 'price increase', 'price hike', 'monthly rate', 'autopay', 'auto pay', 'money',
          'value for money', 'rip off', 'ripoff', 'top up', 'prepaid', 'data plan',
        ],
        gn: ['hepy', 'hepy*', 'ihepy*'],
      },
    },
    {
      id: 'customer-support',
      label: 'Customer support',
      keywords: {
        es: [
          'atencion al cliente', 'atencion', 'atension', 'atendieron', 'atienden', 'atendio', 'atender', 'atiende', 'atenderme',
          'no atienden', 'nadie atiende', 'call center', 'callcenter', 'operador', 'operadora', 'operadores', 'asesor',
          'asesora', 'asesores', 'agente', 'agentes', 'soporte', 'soporte tecnico', 'servicio al cliente', 'mesa de ayuda',
          'reclamo', 'reclamos', 'reclame', 'reclamar', 'reclamando', 'queja', 'quejas', 'ticket', 'numero de reclamo',
          'respuesta', 'respuestas', 'responden', 'no responden', 'contestan', 'no contestan', 'no me contestan', 'llamada',
          'llamadas', 'llame', 'llamo', 'llamar', 'llamando', 'me cortaron la llamada', 'en espera', 'chat', 'whatsapp',
          'wsp', 'wpp', 'mensaje', 'mensajes', 'amable', 'amables', 'atento', 'atenta', 'grosero', 'grosera', 'maleducado',
          'mal educado', 'paciencia', 'resolvieron', 'solucionaron', 'solucion', 'soluciones', 'me ayudaron', 'ayuda',
          'nadie me ayuda', 'nadie responde', 'sucursal', 'oficina',
        ],
        en: [
          'customer service', 'customer support', 'customer care', 'support', 'representative', 'representatives', 'rep',
          'reps', 'agent', 'agents', 'call center', 'helpdesk', 'help desk', 'on hold', 'wait time', 'waiting time', 'ticket',
          'tickets', 'complaint', 'complaints', 'complain', 'chat', 'live chat', 'called', 'calling', 'phone call', 'calls',
          'rude', 'helpful', 'unhelpful', 'friendly', 'polite', 'nobody answers', 'no one answers', 'no answer', 'no response',
          'call back', 'callback', 'called back', 'resolved', 'resolve', 'escalat*', 'staff', 'store',
        ],
      },
    },
    {
      id: 'installation',
      label: 'Installation and technicians',
      keywords: {
        es: [
          'instal*', 'istalacion', 'instalasion', 'tecnico', 'tecnicos', 'tecnica', 'tegnico', 'tegnicos', 'tecnio',
          'visita', 'visita tecnica', 'vino el tecnico', 'no vino', 'no vinieron', 'nunca vino', 'nunca vinieron',
          'cuadrilla', 'cableado', 'cable', 'cables', 'tendido', 'poste', 'postes', 'agend*', 'turno', 'reprogram*',
          'mudanza', 'traslado', 'conexion nueva', 'alta del servicio', 'dar de alta', 'activacion', 'activaron', 'activar',
          'vinieron a instalar',
        ],
        en: [
          'install*', 'technician', 'technicians', 'tech', 'techs', 'engineer', 'site visit', 'appointment', 'appointments',
          'reschedul*', 'no show', 'didn\'t show up', 'didnt show up', 'never showed', 'never showed up', 'wiring', 'cable',
          'cabling', 'set up', 'setup', 'activation', 'activate', 'activated', 'relocation', 'moving house',
        ],
      },
    },
    {
      id: 'coverage',
      label: 'Coverage',
      keywords: {
        es: [
          'cobertura', 'covertura', 'senal', 'sin senal', 'poca senal', 'mala senal', 'no hay senal', 'no llega la senal',
          'zona', 'mi zona', 'barrio', 'mi barrio', 'mi area', 'antena', 'antenas', 'torre', '4g', '5g', '3g', 'lte',
          'datos moviles', 'rural', 'en el interior', 'no llega el servicio', 'no hay fibra', 'no llega la fibra',
          'disponibilidad', 'no esta disponible', 'en el campo',
        ],
        en: [
          'coverage', 'signal', 'no signal', 'weak signal', 'poor signal', 'bad signal', 'dead zone', 'dead zones',
          'dead spot', 'bars', 'one bar', 'reception', 'my area', 'our area', 'neighborhood', 'neighbourhood', 'rural', 'tower',
          '4g', '5g', '3g', 'lte', 'mobile data', 'not available', 'availability',
        ],
        gn: ['ndaipori senal', 'ndoguahe*'],
      },
    },
    {
      id: 'equipment-wifi',
      label: 'Equipment and Wi-Fi',
      keywords: {
        es: [
          'router', 'routers', 'ruter', 'rauter', 'rooter', 'modem', 'moden', 'modems', 'wifi', 'wi fi', 'wuifi', 'guifi',
          'wiifi', 'ont', 'onu', 'decodificador', 'deco', 'repetidor', 'repetidores', 'extensor', 'mesh', 'equipo',
          'equipos', 'aparato', 'contrasena', 'contrasenia', 'clave del wifi', 'clave wifi', 'reinici*', 'resete*', 'reset',
          'luz roja', 'luces', 'titila', 'parpadea', 'puerto', 'cable de red', 'ethernet', 'inalambrico', 'ghz',
          'senal del wifi', 'senal wifi', 'red wifi', 'dispositivo', 'dispositivos',
        ],
        en: [
          'router', 'routers', 'modem', 'modems', 'wifi', 'wi fi', 'wireless', 'access point', 'extender', 'extenders',
          'repeater', 'mesh', 'password', 'reboot', 'rebooting', 'restart', 'restarting', 'reset', 'red light', 'blinking',
          'ethernet', 'port', 'equipment', 'device', 'devices', 'hardware', 'set top box', 'ont', 'onu', 'ghz',
        ],
      },
    },
    {
      id: 'contract-cancellation',
      label: 'Contract and cancellation',
      keywords: {
        es: [
          'contrat*', 'cancel*', 'canselar', 'canselacion', 'pedi la baja', 'pedir la baja', 'solicitar la baja', 'tramitar la baja', 'baja del servicio',
          'rescind*', 'rescision', 'permanencia', 'clausula', 'clausulas', 'penalidad', 'penalizacion', 'multa', 'plan',
          'planes', 'cambio de plan', 'cambiar de plan', 'renovacion', 'renovar', 'portabilidad', 'me cambio de empresa',
          'cambiarme de empresa', 'me voy a cambiar', 'cambiar de proveedor', 'otra empresa', 'otra compania',
          'la competencia', 'suscripcion', 'condiciones', 'terminos y condiciones', 'letra chica', 'letra pequena',
        ],
        en: [
          'contract', 'contracts', 'cancel*', 'terminate', 'termination', 'early termination fee', 'switch provider',
          'switching provider', 'switch to', 'switching to', 'plan', 'plans', 'upgrade', 'downgrade', 'renewal', 'renew',
          'lock in', 'locked in', 'commitment', 'subscription', 'unsubscribe', 'terms and conditions', 'fine print',
          'another provider', 'other provider', 'competitor', 'competitors',
        ],
      },
      // Every person of "dar de baja" without listing each one as a keyword.
      patterns: ['(dar|darme|darse|doy|di|dio|dieron|den|dan|dado|dimos|daran|dare) de baja'],
    },
  ],
};
